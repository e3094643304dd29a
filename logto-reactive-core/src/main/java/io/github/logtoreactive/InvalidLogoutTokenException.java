package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;

/**
 * A back-channel logout token was refused: not a JWT signed by Logto for this application, too old, replayed, or not a
 * logout token. The message says which check failed and never contains the token. The back-channel logout route
 * answers it with 400 {@code invalid_request}; {@link LogtoHttpError} maps it to 400 as well.
 */
public final class InvalidLogoutTokenException extends LogtoException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message which check failed
	 * @param cause the underlying failure, or {@code null}
	 */
	public InvalidLogoutTokenException(String message, @Nullable Throwable cause) {
		super("invalid_logout_token", message, cause);
	}
}
