package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;

/**
 * A Logto endpoint answered with something that breaks the protocol: a body that is not JSON, a token response
 * without {@code access_token} or {@code id_token}, a negative {@code expires_in}. Code {@code unexpected_response}.
 */
public final class InvalidResponseException extends LogtoException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what was wrong (never the body)
	 * @param cause the cause, or {@code null}
	 */
	public InvalidResponseException(String message, @Nullable Throwable cause) {
		super("unexpected_response", message, cause);
	}
}
