package io.github.logtoreactive;

/**
 * The session has no signed-in user (no ID token), or lacks the refresh token an operation needs. Code
 * {@code not_authenticated}.
 */
public final class NotAuthenticatedException extends LogtoException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what is missing
	 */
	public NotAuthenticatedException(String message) {
		super("not_authenticated", message, null);
	}
}
