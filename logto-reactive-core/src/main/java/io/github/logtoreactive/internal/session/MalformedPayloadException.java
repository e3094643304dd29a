package io.github.logtoreactive.internal.session;

/**
 * An authenticated payload could not be read: unknown format version, missing field, wrong type, bad compression.
 * Internal: the codecs turn it into a "no session" result and never let it reach users.
 * <p>
 * Public only because the store package's codecs and stores use it.
 */
public final class MalformedPayloadException extends Exception {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what is wrong (never the content)
	 */
	public MalformedPayloadException(String message) {
		super(message, null, false, false);
	}
}
