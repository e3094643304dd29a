package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Logto for one user agent: sign-in, its callback, and the signed-in user's tokens. Get one from
 * {@link LogtoEngine#client(SessionBinding)} per request (it is cheap); it reads and writes the session only through
 * its {@link SessionBinding}.
 *
 * <pre>{@code
 * LogtoClient client = engine.client(binding);
 * // GET /logto/sign-in
 * client.signIn(SignInOptions.builder("https://app.example.com/logto/callback").postRedirectUri("/dashboard").build())
 *     .map(request -> redirect(request.authorizationUri()));
 * // GET /logto/callback?code=...&state=...&iss=...
 * client.handleSignInCallback(fullCallbackUrl)
 *     .map(result -> redirect(result.postRedirectUri() != null ? result.postRedirectUri() : "/"));
 * }</pre>
 *
 * <p>
 * Every method returns a lazy {@code Mono}: nothing (no HTTP call, no random value, no session access) happens before
 * subscription, and nothing ever blocks; see the threading contract in the package description. Failures are
 * {@link LogtoException}s; messages never contain tokens, codes or secrets.
 */
public interface LogtoClient {

	/**
	 * Starts a sign-in: records a sign-in transaction (PKCE verifier, {@code state}, {@code nonce}, redirect URIs) in
	 * the session, creating the session if the user agent has none, and returns the Logto authorization URL to
	 * redirect to. Several sign-ins may be pending at once (one per browser tab); the newest few are kept.
	 * @param options the redirect URI and sign-in options
	 * @return the authorization URL and the transaction's {@code state}. Errors: discovery failures
	 * ({@link LogtoTransportException}, {@link InvalidResponseException}), session failures
	 * ({@link SessionStoreException})
	 */
	Mono<SignInRequest> signIn(SignInOptions options);

	/**
	 * Finishes a sign-in: validates the callback against its transaction, redeems the code, verifies the ID token, and
	 * stores the user's tokens in the session under a new session id. On any failure the session is left unchanged
	 * (except that an expired transaction is removed).
	 * @param callbackUri the full URL Logto redirected to, with its query
	 * @return the post-sign-in redirect and the verified claims. Errors: {@link CallbackValidationException} (with
	 * {@link CallbackError}) for a callback that is refused before any token request, {@link TokenEndpointException}
	 * when Logto refuses the code, {@link IdTokenVerificationException} (with its reason) for a bad ID token,
	 * {@link InvalidResponseException}, {@link LogtoTransportException}, {@link SessionStoreException}
	 */
	Mono<SignInResult> handleSignInCallback(String callbackUri);

	/**
	 * Whether a user is signed in: the session holds an ID token, and once that ID token expired (or is older than
	 * {@link LogtoConfig#revalidateAfter()}) Logto confirmed the grant with one refresh, shared by every concurrent
	 * request of the session. Otherwise a local check, without any round trip.
	 * @return whether a user is signed in; {@code false} when the user agent has no session, or Logto refused the
	 * grant ({@code invalid_grant}: the session's tokens are cleared). Errors: {@link TokenEndpointException} and
	 * {@link LogtoTransportException} when Logto could not be asked (the session is kept),
	 * {@link SessionStoreException}
	 */
	Mono<Boolean> isAuthenticated();

	/**
	 * @return the stored (verified at sign-in) ID token. Errors: {@link NotAuthenticatedException} when nobody is
	 * signed in
	 */
	Mono<String> getIdToken();

	/**
	 * @return the claims of the stored ID token, decoded without another verification (it was verified when stored).
	 * Errors: {@link NotAuthenticatedException} when nobody is signed in
	 */
	Mono<IdTokenClaims> getIdTokenClaims();

	/**
	 * @return the stored refresh token; completes empty when Logto issued none (e.g. without {@code offline_access}
	 * or with {@code prompt=login}). Errors: {@link NotAuthenticatedException} when nobody is signed in
	 */
	Mono<String> getRefreshToken();

	/**
	 * @return the default access token (opaque; Logto issues it for user info only), refreshed when within the refresh
	 * skew. Errors as {@link #getAccessToken(String, String, boolean)}
	 */
	Mono<String> getAccessToken();

	/**
	 * @param resource an API resource indicator (RFC 8707), or {@code null} for the default token
	 * @return a JWT access token for that API. Errors as {@link #getAccessToken(String, String, boolean)}
	 */
	Mono<String> getAccessToken(@Nullable String resource);

	/**
	 * @param resource an API resource indicator, or {@code null}
	 * @param organizationId an organization id, or {@code null}; with a resource this is an organization-level API
	 * resource token (claim {@code organization_id}), without one an organization token
	 * @return the access token. Errors as {@link #getAccessToken(String, String, boolean)}
	 */
	Mono<String> getAccessToken(@Nullable String resource, @Nullable String organizationId);

	/**
	 * Returns a usable access token: the cached one when it is outside the refresh skew, else one refreshed with the
	 * session's refresh token. Any number of concurrent callers needing the same token share one token request, and
	 * all refreshes of one session are serialized on its newest refresh token (Logto rotates them).
	 * @param resource an API resource indicator, or {@code null}
	 * @param organizationId an organization id, or {@code null}
	 * @param forceRefresh refresh even when the cached token is still fresh (e.g. after an API answered 401, or to
	 * pick up changed claims)
	 * @return the access token, never expired. Errors: {@link NotAuthenticatedException} (nobody signed in, or no
	 * refresh token), {@link MissingScopeException} (an organization without {@link UserScope#ORGANIZATIONS}
	 * configured), {@link SessionExpiredException} ({@code invalid_grant}: the session's tokens were cleared),
	 * {@link OrganizationAccessException} (403: the session is left intact), {@link TokenEndpointException} (other
	 * refusals, or 5xx/429 after retries: the session keeps its tokens), {@link LogtoTransportException},
	 * {@link InvalidResponseException}, {@link SessionStoreException}
	 */
	Mono<String> getAccessToken(@Nullable String resource, @Nullable String organizationId, boolean forceRefresh);

	/**
	 * @param resource an API resource indicator, or {@code null}
	 * @return the claims of that resource's JWT access token. Errors: {@link OpaqueTokenException} for the default
	 * (opaque) token, and the errors of {@link #getAccessToken(String, String, boolean)}
	 */
	Mono<AccessTokenClaims> getAccessTokenClaims(@Nullable String resource);

	/**
	 * @param resource an API resource indicator, or {@code null}
	 * @param organizationId an organization id, or {@code null}
	 * @return the claims of that JWT access token. Errors as {@link #getAccessTokenClaims(String)}
	 */
	Mono<AccessTokenClaims> getAccessTokenClaims(@Nullable String resource, @Nullable String organizationId);

	/**
	 * @param organizationId an organization id
	 * @return the organization token ({@code aud = urn:logto:organization:<id>}). Errors: {@link MissingScopeException}
	 * without {@link UserScope#ORGANIZATIONS} in the configuration, {@link OrganizationAccessException} when the user
	 * is not a member, and the errors of {@link #getAccessToken(String, String, boolean)}
	 */
	Mono<String> getOrganizationToken(String organizationId);

	/**
	 * @param organizationId an organization id
	 * @return the claims of the organization token. Errors as {@link #getOrganizationToken(String)}
	 */
	Mono<AccessTokenClaims> getOrganizationTokenClaims(String organizationId);

	/**
	 * @return one result per organization in the ID token's {@code organizations} claim, each a token or its error, so
	 * one organization's failure does not sink the others. Errors: {@link MissingScopeException},
	 * {@link NotAuthenticatedException}
	 */
	Flux<OrganizationTokenResult> getOrganizationTokens();

	/**
	 * Calls Logto's user-info endpoint with the default access token (refreshed once and retried on a 401).
	 * @return the user info, including {@code custom_data}, {@code identities} and {@code organization_data} when the
	 * scopes allow. Errors: {@link UserInfoException}, and the errors of {@link #getAccessToken()}
	 */
	Mono<UserInfo> fetchUserInfo();

	/**
	 * @param options what to gather besides the claims
	 * @return the context; {@link LogtoContext#unauthenticated()} when nobody is signed in or the session expired
	 * while gathering. Other errors as the operations the options ask for
	 */
	Mono<LogtoContext> getContext(ContextOptions options);

	/**
	 * Signs out: revokes the refresh token (Logto keeps {@code offline_access} refresh tokens alive after end-session
	 * otherwise; a revocation failure is logged and sign-out still completes), deletes the session, and builds the
	 * end-session URL with {@code id_token_hint}, {@code client_id} and {@code post_logout_redirect_uri}.
	 * @param postLogoutRedirectUri where Logto sends the user afterwards (must be registered in Logto), or
	 * {@code null}
	 * @return the URL to redirect the browser to; when Logto's discovery cannot be reached, the post-logout URI itself
	 * (the session is cleared either way)
	 */
	Mono<String> signOut(@Nullable String postLogoutRedirectUri);

	/**
	 * @return completion once the cached access tokens are removed (ID and refresh tokens kept)
	 */
	Mono<Void> clearAccessTokens();

	/**
	 * @return completion once the ID, refresh and access tokens are removed
	 */
	Mono<Void> clearAllTokens();
}
