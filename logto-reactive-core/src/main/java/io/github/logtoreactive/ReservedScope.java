package io.github.logtoreactive;

/**
 * Scopes Logto reserves for the OpenID Connect protocol itself. They are added to every sign-in request unless
 * {@link LogtoConfig.Builder#includeReservedScopes(boolean)} is {@code false} (together with {@link UserScope#PROFILE}).
 */
public final class ReservedScope {

	/** {@code openid}: asks for an ID token. */
	public static final String OPENID = "openid";

	/** {@code offline_access}: asks for a refresh token (Logto only issues one with {@code prompt=consent}). */
	public static final String OFFLINE_ACCESS = "offline_access";

	private ReservedScope() {
	}
}
