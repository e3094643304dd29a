package io.github.logtoreactive;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code getContext(options)} gathered for a request, the equivalent of Logto's {@code getLogtoContext}: whether
 * a user is signed in, the ID-token claims, and what the {@link ContextOptions} asked for. The claims always belong to
 * the ID token the session holds after any refresh the gathering caused. Immutable.
 */
public final class LogtoContext {

	private static final LogtoContext UNAUTHENTICATED = new LogtoContext(false, null, null, null, null, List.of(),
			List.of());

	private final boolean authenticated;

	private final @Nullable IdTokenClaims claims;

	private final @Nullable UserInfo userInfo;

	private final @Nullable String accessToken;

	private final @Nullable AccessTokenClaims accessTokenClaims;

	private final List<OrganizationTokenResult> organizationTokens;

	private final List<String> scopes;

	private LogtoContext(boolean authenticated, @Nullable IdTokenClaims claims, @Nullable UserInfo userInfo,
			@Nullable String accessToken, @Nullable AccessTokenClaims accessTokenClaims,
			List<OrganizationTokenResult> organizationTokens, List<String> scopes) {
		this.authenticated = authenticated;
		this.claims = claims;
		this.userInfo = userInfo;
		this.accessToken = accessToken;
		this.accessTokenClaims = accessTokenClaims;
		this.organizationTokens = List.copyOf(organizationTokens);
		this.scopes = List.copyOf(scopes);
	}

	/**
	 * @return the context of a request without a signed-in user
	 */
	public static LogtoContext unauthenticated() {
		return UNAUTHENTICATED;
	}

	/**
	 * @param claims the ID-token claims
	 * @param userInfo the user info, or {@code null} when not asked for
	 * @param accessToken the access token, or {@code null} when not asked for
	 * @param accessTokenClaims its claims when it is a JWT, else {@code null}
	 * @param organizationTokens per-organization results (empty when not asked for)
	 * @param scopes the granted scopes of the access token (or of the default token)
	 * @return the context of a signed-in request
	 */
	public static LogtoContext authenticated(IdTokenClaims claims, @Nullable UserInfo userInfo,
			@Nullable String accessToken, @Nullable AccessTokenClaims accessTokenClaims,
			List<OrganizationTokenResult> organizationTokens, List<String> scopes) {
		return new LogtoContext(true, claims, userInfo, accessToken, accessTokenClaims, organizationTokens, scopes);
	}

	/**
	 * @return whether a user is signed in (and, when tokens were asked for, the session could still get them)
	 */
	public boolean isAuthenticated() {
		return this.authenticated;
	}

	/**
	 * @return the ID-token claims, or {@code null} when not signed in
	 */
	public @Nullable IdTokenClaims claims() {
		return this.claims;
	}

	/**
	 * @return the user info, or {@code null} when not asked for
	 */
	public @Nullable UserInfo userInfo() {
		return this.userInfo;
	}

	/**
	 * @return the access token asked for, or {@code null}
	 */
	public @Nullable String accessToken() {
		return this.accessToken;
	}

	/**
	 * @return the claims of the access token when it is a JWT, or {@code null}
	 */
	public @Nullable AccessTokenClaims accessTokenClaims() {
		return this.accessTokenClaims;
	}

	/**
	 * @return per-organization token results (empty when not asked for)
	 */
	public List<OrganizationTokenResult> organizationTokens() {
		return this.organizationTokens;
	}

	/**
	 * @return the granted scopes of the access token (or of the default token)
	 */
	public List<String> scopes() {
		return this.scopes;
	}

	@Override
	public String toString() {
		return "LogtoContext{authenticated=" + this.authenticated + ", sub=" + (this.claims == null ? null : this.claims.sub())
				+ ", organizationTokens=" + this.organizationTokens.size() + "}";
	}
}
