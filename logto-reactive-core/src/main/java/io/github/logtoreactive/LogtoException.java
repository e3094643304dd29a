package io.github.logtoreactive;

/**
 * The root of every error this library signals. Each subtype carries a stable {@link #code()} (modelled on Logto's
 * SDK error codes) so callers can branch without parsing messages.
 *
 * <p>
 * Messages never contain tokens, authorization codes, secrets or full callback URLs.
 */
public abstract class LogtoException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String code;

	/**
	 * @param code the stable error code
	 * @param message the message (no secrets)
	 * @param cause the cause, or {@code null}
	 */
	protected LogtoException(String code, String message, @org.jspecify.annotations.Nullable Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	/**
	 * @return the stable error code, e.g. {@code callback.state_mismatched} or {@code token_endpoint.invalid_grant}
	 */
	public String code() {
		return this.code;
	}
}
