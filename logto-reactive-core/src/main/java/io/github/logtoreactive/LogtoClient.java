package io.github.logtoreactive;

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
	 * @return whether the session holds an ID token (a local check: no expiry check, no round trip); {@code false}
	 * when the user agent has no session
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
}
