package io.github.logtoreactive.internal.jwt;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
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
import reactor.core.scheduler.Scheduler;

/**
 * Logto's signing keys, one cache per engine. Fetched lazily with Reactor Netty from the discovered {@code jwks_uri},
 * parsed with {@link JWKSet#parse(String)}; nimbus never fetches anything itself. Only public asymmetric signing keys
 * are kept (no {@code oct} key can ever verify a token).
 *
 * <p>
 * Keys are selected by {@code kid}. A {@code kid} missing from the cached set is either a key Logto just rotated in
 * or a made-up one, and only a fetch that started after the caller looked can tell them apart. So a caller is
 * answered {@code UNKNOWN_KEY} only after such a fetch; until then it refetches:
 * <ul>
 * <li>Every fetch is shared by all concurrent callers ({@link SingleFlight}), and a failed fetch is never cached.</li>
 * <li>Routine fetches (the first one, and any fetch while no key set is cached) are not limited.</li>
 * <li>Fetches caused by an unknown {@code kid} are limited to one per {@link LogtoConfig#jwksRefetchInterval()}. A
 * caller that needs one while the limit applies waits, on the engine's {@link Scheduler}, until the interval has
 * passed (never longer than the interval), and then one fetch serves every caller that waited. Tokens with made-up
 * {@code kid}s therefore cost Logto at most one request per interval, however many there are, and a token signed
 * with a newly rotated key is never refused: at worst its verification waits for the next window.</li>
 * </ul>
 * Never blocks: waiting is a timer on the scheduler, and no caller holds anything while it waits.
 *
 * <p>
 * Errors: {@link IdTokenVerificationException} with {@link IdTokenVerificationException.Reason#UNKNOWN_KEY} when the
 * {@code kid} is not in a key set fetched after the caller asked, {@link io.github.logtoreactive.InvalidResponseException}
 * for a JWKS that is not a JWK set, and {@link io.github.logtoreactive.LogtoTransportException} for timeouts,
 * connection failures, 5xx and 429.
 * <p>
 * Public only because {@code LogtoSigningKeys} and {@code EngineComponents} use it.
 */
public final class JwksCache {

	private static final String SOURCE = "JWKS endpoint";

	private final LogtoHttp http;

	private final DiscoveryCache discovery;

	private final Duration refetchInterval;

	private final Clock clock;

	private final Scheduler scheduler;

	private final AtomicReference<@Nullable Snapshot> current = new AtomicReference<>();

	/** Fetches started so far; each fetch is numbered with the count at its start. */
	private final AtomicLong fetchesStarted = new AtomicLong();

	/** When the last fetch caused by an unknown {@code kid} started: the rate limit's window. */
	private final AtomicReference<@Nullable Instant> lastUnknownKeyFetch = new AtomicReference<>();

	private final SingleFlight<Snapshot> flight = new SingleFlight<>();

	/**
	 * @param http the engine's HTTP calls
	 * @param discovery where the {@code jwks_uri} comes from
	 * @param config the configuration (refetch interval)
	 * @param clock the clock for the rate limit
	 * @param scheduler where a caller waits for the rate limit's next window
	 */
	public JwksCache(LogtoHttp http, DiscoveryCache discovery, LogtoConfig config, Clock clock, Scheduler scheduler) {
		this.http = Objects.requireNonNull(http, "http");
		this.discovery = Objects.requireNonNull(discovery, "discovery");
		this.refetchInterval = config.jwksRefetchInterval();
		this.clock = Objects.requireNonNull(clock, "clock");
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
	}

	/**
	 * @param kid the {@code kid} of a token's header, or {@code null} (then every cached key is a candidate)
	 * @return the matching keys, never empty (lazy)
	 */
	public Mono<List<JWK>> keys(@Nullable String kid) {
		return Mono.defer(() -> {
			// Read before the cache: a fetch numbered above this started after the caller had its token in hand, so
			// Logto published the token's key before that fetch.
			long asked = this.fetchesStarted.get();
			return find(kid, asked);
		});
	}

	private Mono<List<JWK>> find(@Nullable String kid, long asked) {
		Snapshot seen = this.current.get();
		if (seen != null) {
			List<JWK> found = seen.match(kid);
			if (!found.isEmpty()) {
				return Mono.just(found);
			}
			if (seen.fetch() > asked) {
				return Mono.error(unknownKey(kid));
			}
		}
		// Each round joins the running flight or starts one, then looks again. The search ends with the key, or with
		// the answer of a fetch that started after this caller asked. A round that joined a fetch already under way,
		// or a flight that fetched nothing because the cache had just changed, is followed by another; any fetch after
		// the one under way starts after this caller asked, so a caller waits for two fetches at most.
		return this.flight.join(() -> startFetch(seen)).then(Mono.defer(() -> find(kid, asked)));
	}

	/**
	 * Runs in the single flight. Fetches nothing when the cache changed since the starting caller looked (it and its
	 * joiners look again); else a routine fetch when nothing is cached, or a rate-limited one for an unknown
	 * {@code kid}.
	 */
	private Mono<Snapshot> startFetch(@Nullable Snapshot seen) {
		Snapshot latest = this.current.get();
		if (latest == null) {
			return fetch();
		}
		if (latest != seen) {
			return Mono.just(latest);
		}
		Duration wait = untilNextWindow();
		Mono<Snapshot> limited = Mono.defer(() -> {
			this.lastUnknownKeyFetch.set(this.clock.instant());
			return fetch();
		});
		return wait.isZero() ? limited : Mono.delay(wait, this.scheduler).then(limited);
	}

	private Duration untilNextWindow() {
		Instant last = this.lastUnknownKeyFetch.get();
		if (last == null) {
			return Duration.ZERO;
		}
		Duration left = Duration.between(this.clock.instant(), last.plus(this.refetchInterval));
		if (left.isNegative()) {
			return Duration.ZERO;
		}
		// bounded even if the clock went back
		return left.compareTo(this.refetchInterval) > 0 ? this.refetchInterval : left;
	}

	private Mono<Snapshot> fetch() {
		long number = this.fetchesStarted.incrementAndGet();
		return this.discovery.get()
			.flatMap(metadata -> this.http.get(metadata.jwksUri(), SOURCE))
			.map(result -> parse(result, number))
			.doOnNext(this.current::set);
	}

	private static Snapshot parse(HttpResult result, long number) {
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
		return new Snapshot(List.copyOf(keys), number);
	}

	private static IdTokenVerificationException unknownKey(@Nullable String kid) {
		return new IdTokenVerificationException(IdTokenVerificationException.Reason.UNKNOWN_KEY,
				kid == null ? "the ID token names no key and Logto publishes none"
						: "no Logto signing key has the ID token's kid, even after refetching the JWKS",
				null);
	}

	/**
	 * @param keys the usable keys
	 * @param fetch the number of the fetch that read them
	 */
	private record Snapshot(List<JWK> keys, long fetch) {

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
