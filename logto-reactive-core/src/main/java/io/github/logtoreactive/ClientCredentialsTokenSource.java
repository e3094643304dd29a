package io.github.logtoreactive;

import java.util.List;
import java.util.Objects;

import io.github.logtoreactive.internal.token.ClientCredentialsCache;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Machine-to-machine access tokens ({@code client_credentials} grant) for service-to-service calls, from
 * {@link LogtoEngine#clientCredentials(String, String)}. Tokens are cached per (resource, organization, scopes),
 * renewed within the refresh skew, never handed out after expiry, and any number of concurrent callers needing the
 * same token share one request. The cache is bounded: at most 10,000 combinations, each dropped when its token
 * expires; beyond the bound, rarely used ones are evicted first. Thread-safe; create one per machine-to-machine app and reuse it. Never blocks.
 *
 * <pre>{@code
 * ClientCredentialsTokenSource m2m = engine.clientCredentials("m2m-app-id", m2mSecret);
 * m2m.getAccessToken("https://api.example.com")
 *     .flatMap(token -> webClient.get().uri(...).headers(h -> h.setBearerAuth(token)).retrieve().bodyToMono(String.class));
 * }</pre>
 *
 * Errors: {@link TokenEndpointException} (e.g. 400 {@code invalid_target}, 401 {@code invalid_client}, 403
 * {@code access_denied} for an organization the app is not in), {@link LogtoTransportException} after retries.
 */
public final class ClientCredentialsTokenSource {

	private final ClientCredentialsCache cache;

	ClientCredentialsTokenSource(ClientCredentialsCache cache) {
		this.cache = Objects.requireNonNull(cache, "cache");
	}

	/**
	 * Asks for no scope: Logto then grants none (the token's {@code scope} is absent), so use
	 * {@link #getToken(String, String, List, boolean)} with the scopes the API checks.
	 * @param resource the API resource indicator (required by Logto unless it has a default resource)
	 * @return the token value
	 */
	public Mono<String> getAccessToken(@Nullable String resource) {
		return getToken(resource, null, List.of(), false).map(AccessToken::token);
	}

	/**
	 * Asks for no scope: Logto then grants none, so use {@link #getToken(String, String, List, boolean)} with the
	 * scopes the API checks.
	 * @param resource the API resource, or {@code null} for an organization token
	 * @param organizationId the organization, or {@code null}
	 * @return the token value
	 */
	public Mono<String> getAccessToken(@Nullable String resource, @Nullable String organizationId) {
		return getToken(resource, organizationId, List.of(), false).map(AccessToken::token);
	}

	/**
	 * @param resource the API resource, or {@code null}
	 * @param organizationId the organization, or {@code null}
	 * @param scopes the scopes to ask for; Logto grants those of them the app's roles allow. Empty sends no
	 * {@code scope}, and Logto then grants no scope at all (not every scope the app may have)
	 * @param forceRefresh request a new token even when the cached one is fresh
	 * @return the token with its scope and expiry
	 */
	public Mono<AccessToken> getToken(@Nullable String resource, @Nullable String organizationId, List<String> scopes,
			boolean forceRefresh) {
		Objects.requireNonNull(scopes, "scopes");
		String scope = scopes.isEmpty() ? null : String.join(" ", scopes);
		return this.cache.get(resource, organizationId, scope, forceRefresh);
	}

	/**
	 * @return token requests made so far (each retry counts)
	 */
	public long requestCount() {
		return this.cache.requestCount();
	}
}
