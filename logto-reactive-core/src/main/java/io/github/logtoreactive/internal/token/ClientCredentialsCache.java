package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.internal.cache.SingleFlight;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Caches machine-to-machine tokens per (resource, organization, scope) and makes concurrent callers that need the
 * same one share a single {@code client_credentials} request. Tokens are renewed within the refresh skew (capped at
 * half their lifetime) and never handed out after expiry. Never blocks.
 */
public final class ClientCredentialsCache {

	private final TokenEndpoint endpoint;

	private final String clientId;

	private final String clientSecret;

	private final LogtoConfig config;

	private final Clock clock;

	private final TransientRetry retry;

	private final Map<Key, AccessToken> tokens = new ConcurrentHashMap<>();

	private final Map<Key, SingleFlight<AccessToken>> flights = new ConcurrentHashMap<>();

	private final AtomicLong requests = new AtomicLong();

	/**
	 * @param endpoint the token endpoint
	 * @param clientId the machine-to-machine app id
	 * @param clientSecret its secret
	 * @param config skew and retry settings
	 * @param clock decides expiry
	 * @param scheduler for retry backoff
	 */
	public ClientCredentialsCache(TokenEndpoint endpoint, String clientId, String clientSecret, LogtoConfig config,
			Clock clock, Scheduler scheduler) {
		this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
		this.clientId = Objects.requireNonNull(clientId, "clientId");
		this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
		this.config = config;
		this.clock = clock;
		this.retry = new TransientRetry(config, clock, scheduler, false);
	}

	/**
	 * @param resource the API resource, or {@code null} (Logto's default resource)
	 * @param organizationId the organization, or {@code null}
	 * @param scope space-separated scopes, or {@code null}
	 * @param force request a new token even when the cached one is fresh
	 * @return a token that is not expired
	 */
	public Mono<AccessToken> get(@Nullable String resource, @Nullable String organizationId, @Nullable String scope,
			boolean force) {
		return Mono.defer(() -> {
			Key key = new Key(resource, organizationId, scope);
			AccessToken cached = this.tokens.get(key);
			if (!force && cached != null && !cached.needsRefresh(this.clock.instant(), this.config.refreshSkew())) {
				return Mono.just(cached);
			}
			return this.flights.computeIfAbsent(key, k -> new SingleFlight<>()).join(() -> request(key));
		});
	}

	/**
	 * @return token requests made so far
	 */
	public long requestCount() {
		return this.requests.get();
	}

	private Mono<AccessToken> request(Key key) {
		return this.retry
			.run(() -> this.endpoint.clientCredentials(this.clientId, this.clientSecret, key.resource,
					key.organizationId, key.scope), this.requests::incrementAndGet)
			.map(response -> {
				Instant now = this.clock.instant();
				AccessToken token = new AccessToken(response.accessToken(), response.scope(), now,
						now.plusSeconds(response.expiresIn()));
				this.tokens.put(key, token);
				return token;
			});
	}

	private record Key(@Nullable String resource, @Nullable String organizationId, @Nullable String scope) {
	}
}
