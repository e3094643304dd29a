package io.github.logtoreactive.internal.jwt;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import io.github.logtoreactive.IdTokenVerificationException;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.internal.LogtoErrors;
import io.github.logtoreactive.internal.cache.SingleFlight;
import io.github.logtoreactive.internal.discovery.DiscoveryCache;
import io.github.logtoreactive.internal.http.HttpResult;
import io.github.logtoreactive.internal.http.LogtoHttp;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Logto's signing keys, one cache per engine. Fetched lazily with Reactor Netty from the discovered {@code jwks_uri},
 * parsed with {@link JWKSet#parse(String)}; nimbus never fetches anything itself.
 *
 * <p>
 * Keys are selected by {@code kid}. A {@code kid} missing from the cached set (Logto rotated its keys) triggers one
 * refetch, shared by all concurrent callers and rate-limited to one per {@link LogtoConfig#jwksRefetchInterval()}, so
 * tokens with made-up {@code kid}s cannot make the library hammer Logto. A failed fetch is never cached. Only public
 * asymmetric signing keys are kept (no {@code oct} key can ever verify a token).
 *
 * <p>
 * Errors: {@link IdTokenVerificationException} with {@link IdTokenVerificationException.Reason#UNKNOWN_KEY} when the
 * {@code kid} is unknown after the refetch (or within the rate limit),
 * {@link io.github.logtoreactive.InvalidResponseException} for a JWKS that is not a JWK set, and
 * {@link io.github.logtoreactive.LogtoTransportException} for timeouts, connection failures, 5xx and 429.
 */
public final class JwksCache {

	private static final String SOURCE = "JWKS endpoint";

	private final LogtoHttp http;

	private final DiscoveryCache discovery;

	private final Duration refetchInterval;

	private final Clock clock;

	private final AtomicReference<@Nullable Snapshot> current = new AtomicReference<>();

	private final AtomicReference<@Nullable Instant> lastAttempt = new AtomicReference<>();

	private final SingleFlight<Snapshot> flight = new SingleFlight<>();

	/**
	 * @param http the engine's HTTP calls
	 * @param discovery where the {@code jwks_uri} comes from
	 * @param config the configuration (refetch interval)
	 * @param clock the clock for the rate limit
	 */
	public JwksCache(LogtoHttp http, DiscoveryCache discovery, LogtoConfig config, Clock clock) {
		this.http = Objects.requireNonNull(http, "http");
		this.discovery = Objects.requireNonNull(discovery, "discovery");
		this.refetchInterval = config.jwksRefetchInterval();
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * @param kid the {@code kid} of a token's header, or {@code null} (then every cached key is a candidate)
	 * @return the matching keys, never empty (lazy)
	 */
	public Mono<List<JWK>> keys(@Nullable String kid) {
		return Mono.defer(() -> {
			Snapshot seen = this.current.get();
			if (seen != null) {
				List<JWK> found = seen.match(kid);
				if (!found.isEmpty()) {
					return Mono.just(found);
				}
			}
			return refetch(seen).flatMap(snapshot -> {
				List<JWK> found = snapshot.match(kid);
				return found.isEmpty() ? Mono.error(unknownKey(kid)) : Mono.just(found);
			});
		});
	}

	private boolean mayRefetch() {
		Instant last = this.lastAttempt.get();
		return last == null || !this.clock.instant().isBefore(last.plus(this.refetchInterval));
	}

	private Mono<Snapshot> refetch(@Nullable Snapshot seen) {
		return this.flight.join(() -> {
			Snapshot latest = this.current.get();
			if (latest != null && (latest != seen || !mayRefetch())) {
				// another caller refreshed the set after this caller looked, or a refetch happened too recently:
				// answer from the cached set without fetching
				return Mono.just(latest);
			}
			this.lastAttempt.set(this.clock.instant());
			return this.discovery.get()
				.flatMap(metadata -> this.http.get(metadata.jwksUri(), SOURCE))
				.map(JwksCache::parse)
				.doOnNext(this.current::set);
		});
	}

	private static Snapshot parse(HttpResult result) {
		if (result.status() != 200) {
			throw LogtoErrors.metadataError(SOURCE, result);
		}
		JWKSet set;
		try {
			set = JWKSet.parse(result.body());
		}
		catch (ParseException | RuntimeException ex) {
			throw LogtoErrors.invalidResponse(SOURCE + " answered with a body that is not a JWK set", ex);
		}
		List<JWK> keys = new ArrayList<>();
		for (JWK key : set.toPublicJWKSet().getKeys()) {
			boolean asymmetric = KeyType.EC.equals(key.getKeyType()) || KeyType.RSA.equals(key.getKeyType());
			boolean signing = key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse());
			if (asymmetric && signing) {
				keys.add(key);
			}
		}
		return new Snapshot(List.copyOf(keys));
	}

	private static IdTokenVerificationException unknownKey(@Nullable String kid) {
		return new IdTokenVerificationException(IdTokenVerificationException.Reason.UNKNOWN_KEY,
				kid == null ? "the ID token names no key and Logto publishes none"
						: "no Logto signing key has the ID token's kid, even after refetching the JWKS",
				null);
	}

	private record Snapshot(List<JWK> keys) {

		List<JWK> match(@Nullable String kid) {
			if (kid == null) {
				return this.keys;
			}
			List<JWK> found = new ArrayList<>(1);
			for (JWK key : this.keys) {
				if (kid.equals(key.getKeyID())) {
					found.add(key);
				}
			}
			return found;
		}
	}
}
