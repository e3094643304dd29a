package io.github.logtoreactive;

/**
 * Claims were asked of an opaque access token. Logto issues opaque tokens when no API resource is named (they are
 * only good for user info); ask for a resource or organization token to get a JWT. Code {@code access_token.opaque}.
 */
public final class OpaqueTokenException extends LogtoException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message which token was opaque
	 */
	public OpaqueTokenException(String message) {
		super("access_token.opaque", message, null);
	}
}
