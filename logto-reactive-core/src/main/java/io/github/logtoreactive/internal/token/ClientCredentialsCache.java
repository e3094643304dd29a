package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.internal.cache.SingleFlight;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Scheduler;

/**
 * Caches machine-to-machine tokens per (resource, organization, scope) and makes concurrent callers that need the
 * same one share a single {@code client_credentials} request. Tokens are renewed within the refresh skew (capped at
 * half their lifetime) and never handed out after expiry. Never blocks.
 *
 * <p>
 * The keys come from the caller (e.g. an organization id from a request), so the cache is bounded: at most
 * {@link #MAX_TOKENS} keys (a Caffeine cache: a flood of one-off keys evicts rarely used ones, not the tokens in use),
 * each dropped when its token expires, on the engine's clock. Caffeine's upkeep runs on the calling thread, after the
 * cache's short critical sections, never on a pool of its own.
 * <p>
 * Public only because {@code LogtoEngine} and {@code ClientCredentialsTokenSource} use it.
 */
public final class ClientCredentialsCache {

	/** The most (resource, organization, scope) keys kept. */
	static final int MAX_TOKENS = 10_000;

	private static final Duration UNTIL_EVICTED = Duration.ofNanos(Long.MAX_VALUE);

	private final TokenEndpoint endpoint;

	private final String clientId;

	private final String clientSecret;

	private final LogtoConfig config;

	private final Clock clock;

	private final TransientRetry retry;

	private final Cache<Key, Slot> slots;

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
		this.slots = Caffeine.newBuilder()
			.maximumSize(MAX_TOKENS)
			.expireAfter(new UntilTokenExpiry(clock))
			.ticker(() -> epochNanos(clock.instant()))
			.executor(Runnable::run)
			.build();
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
			Slot slot = this.slots.get(key, k -> new Slot(null, new SingleFlight<>(), false));
			AccessToken seen = slot.token();
			if (!force && isFresh(seen)) {
				return Mono.just(Objects.requireNonNull(seen));
			}
			SingleFlight<AccessToken> flight = slot.flight();
			return flight.join(() -> request(key, flight, seen));
		});
	}

	/**
	 * @return token requests made so far
	 */
	public long requestCount() {
		return this.requests.get();
	}

	/**
	 * @return how many keys are cached, after Caffeine's pending upkeep (for tests and diagnostics; not on a hot path)
	 */
	long cachedKeyCount() {
		this.slots.cleanUp();
		return this.slots.estimatedSize();
	}

	/**
	 * Starts a flight for {@code key}, unless a flight that ended after the caller looked (it saw {@code seen}) left a
	 * newer fresh token: a caller must not request again what another request just obtained.
	 */
	private Mono<AccessToken> request(Key key, SingleFlight<AccessToken> flight, @Nullable AccessToken seen) {
		return Mono.defer(() -> {
			Slot current = this.slots.getIfPresent(key);
			AccessToken latest = current != null ? current.token() : null;
			if (latest != null && !latest.equals(seen) && isFresh(latest)) {
				return Mono.just(latest);
			}
			// While renewing, the key must not expire with its old token: a caller arriving then would find no entry
			// and start a second request instead of joining this one.
			this.slots.asMap().computeIfPresent(key, (k, slot) -> slot.flight() == flight ? slot.renewing(true) : slot);
			return this.retry
				.run(() -> this.endpoint.clientCredentials(this.clientId, this.clientSecret, key.resource,
						key.organizationId, key.scope), this.requests::incrementAndGet)
				.map(response -> {
					Instant now = this.clock.instant();
					AccessToken token = new AccessToken(response.accessToken(), response.scope(), now,
							now.plusSeconds(response.expiresIn()));
					this.slots.put(key, new Slot(token, flight, false));
					return token;
				})
				.doFinally(signal -> {
					if (signal != SignalType.ON_COMPLETE) {
						this.slots.asMap()
							.computeIfPresent(key, (k, slot) -> slot.flight() == flight ? slot.renewing(false) : slot);
					}
				});
		});
	}

	private boolean isFresh(@Nullable AccessToken token) {
		return token != null && !token.needsRefresh(this.clock.instant(), this.config.refreshSkew());
	}

	private static long epochNanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	/**
	 * Expires a key when its token does, recomputed on every write; reads leave it unchanged. Written out rather than
	 * {@code Expiry.writing}, which Caffeine releases before 3.2 lack.
	 */
	private record UntilTokenExpiry(Clock clock) implements Expiry<Key, Slot> {

		@Override
		public long expireAfterCreate(Key key, Slot slot, long currentTime) {
			return saturatedNanos(slot.keepFor(this.clock.instant()));
		}

		@Override
		public long expireAfterUpdate(Key key, Slot slot, long currentTime, long currentDuration) {
			return saturatedNanos(slot.keepFor(this.clock.instant()));
		}

		@Override
		public long expireAfterRead(Key key, Slot slot, long currentTime, long currentDuration) {
			return currentDuration;
		}

		private static long saturatedNanos(Duration duration) {
			return duration.compareTo(UNTIL_EVICTED) >= 0 ? Long.MAX_VALUE : Math.max(0, duration.toNanos());
		}
	}

	private record Key(@Nullable String resource, @Nullable String organizationId, @Nullable String scope) {
	}

	/**
	 * One key's cached token and the flight that renews it (shared by every caller of the key).
	 * @param token the newest token, or {@code null} before the first one
	 * @param flight the key's single flight
	 * @param renewing whether a request for the key is under way (the entry then never expires)
	 */
	private record Slot(@Nullable AccessToken token, SingleFlight<AccessToken> flight, boolean renewing) {

		Slot renewing(boolean renewing) {
			return renewing == this.renewing ? this : new Slot(this.token, this.flight, renewing);
		}

		Duration keepFor(Instant now) {
			return this.renewing || this.token == null ? UNTIL_EVICTED : Duration.between(now, this.token.expiresAt());
		}
	}
}
