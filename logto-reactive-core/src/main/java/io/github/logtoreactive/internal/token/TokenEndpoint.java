package io.github.logtoreactive.internal.token;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The calls the library makes to Logto's token and revocation endpoints. One instance per engine; never blocks.
 *
 * <p>
 * Error signals: a JSON error answer becomes a {@link io.github.logtoreactive.TokenEndpointException} carrying status,
 * {@code error}, {@code error_description}, Logto's {@code code} and {@code Retry-After} (callers refine it, e.g. into
 * {@link io.github.logtoreactive.SessionExpiredException}); a body that is not the expected JSON becomes
 * {@link io.github.logtoreactive.InvalidResponseException}; a timeout or connection failure becomes
 * {@link io.github.logtoreactive.LogtoTransportException}. No retries happen here.
 * <p>
 * Public only because {@code EngineComponents} and the internal signin package use it.
 */
public interface TokenEndpoint {

	/**
	 * {@code grant_type=authorization_code} with PKCE, without {@code resource} (Logto then issues the opaque
	 * user-info token).
	 * @param code the authorization code
	 * @param codeVerifier the PKCE verifier
	 * @param redirectUri the redirect URI used at sign-in
	 * @return the response
	 */
	Mono<TokenResponse> exchangeAuthorizationCode(String code, String codeVerifier, String redirectUri);

	/**
	 * {@code grant_type=refresh_token}.
	 * @param refreshToken the refresh token
	 * @param resource the API resource, or {@code null}
	 * @param organizationId the organization, or {@code null}
	 * @return the response
	 */
	Mono<TokenResponse> refresh(String refreshToken, @Nullable String resource, @Nullable String organizationId);

	/**
	 * {@code grant_type=client_credentials} with the given client credentials.
	 * @param clientId the machine-to-machine app id
	 * @param clientSecret its secret
	 * @param resource the API resource, or {@code null}
	 * @param organizationId the organization, or {@code null}
	 * @param scope space-separated scopes, or {@code null}
	 * @return the response
	 */
	Mono<TokenResponse> clientCredentials(String clientId, String clientSecret, @Nullable String resource,
			@Nullable String organizationId, @Nullable String scope);

	/**
	 * Revokes a token at the revocation endpoint.
	 * @param token the token
	 * @param tokenTypeHint {@code refresh_token} or {@code access_token}
	 * @return completion; errors as above
	 */
	Mono<Void> revoke(String token, String tokenTypeHint);
}
