package io.github.logtoreactive.internal.token;

import io.github.logtoreactive.support.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.TokenEndpointException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class ClientCredentialsCacheTests {

	private final TestClock clock = new TestClock(Instant.parse("2026-11-25T10:00:00Z"));

	private final LogtoConfig config = LogtoConfig.builder()
		.endpoint("https://logto.example")
		.appId("app")
		.retryBackoff(Duration.ofMillis(1))
		.build();

	private final AtomicInteger calls = new AtomicInteger();

	private TokenEndpoint endpoint(List<Throwable> failuresFirst) {
		return new RefreshCoordinatorTests.FailingFirst(null, 0, null) {
			@Override
			public Mono<TokenResponse> clientCredentials(String clientId, String clientSecret, String resource,
					String organizationId, String scope) {
				return Mono.delay(Duration.ofMillis(10), Schedulers.parallel()).then(Mono.defer(() -> {
					int n = ClientCredentialsCacheTests.this.calls.incrementAndGet();
					if (n <= failuresFirst.size()) {
						return Mono.error(failuresFirst.get(n - 1));
					}
					return Mono.just(new TokenResponse("m2m." + resource + "." + n, null, null, "read", 3600, "Bearer"));
				}));
			}
		};
	}

	@Test
	void getWhenHundredConcurrentCallersThenOneRequest() {
		ClientCredentialsCache cache = new ClientCredentialsCache(endpoint(List.of()), "m2m", "secret", this.config,
				this.clock, Schedulers.parallel());
		List<Mono<AccessToken>> calls = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			calls.add(cache.get("https://api.example", null, null, false).subscribeOn(Schedulers.parallel()));
		}
		StepVerifier.create(Flux.merge(calls).map(AccessToken::token).distinct().collectList())
			.assertNext(tokens -> assertThat(tokens).containsExactly("m2m.https://api.example.1"))
			.verifyComplete();
		assertThat(cache.requestCount()).isEqualTo(1);
	}

	@Test
	void getWhenCachedTokenFreshThenNoRequestAndWhenWithinSkewThenRenewed() {
		ClientCredentialsCache cache = new ClientCredentialsCache(endpoint(List.of()), "m2m", "secret", this.config,
				this.clock, Schedulers.parallel());
		StepVerifier.create(cache.get("https://api.example", "org-1", "read", false)).expectNextCount(1).verifyComplete();
		StepVerifier.create(cache.get("https://api.example", "org-1", "read", false)).expectNextCount(1).verifyComplete();
		assertThat(cache.requestCount()).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(3600 - 30));
		StepVerifier.create(cache.get("https://api.example", "org-1", "read", false))
			.assertNext(t -> assertThat(t.token()).endsWith(".2"))
			.verifyComplete();
		assertThat(cache.requestCount()).isEqualTo(2);
	}

	@Test
	void getWhenDifferentResourcesThenSeparateTokens() {
		ClientCredentialsCache cache = new ClientCredentialsCache(endpoint(List.of()), "m2m", "secret", this.config,
				this.clock, Schedulers.parallel());
		StepVerifier.create(Flux.concat(cache.get("https://a.example", null, null, false),
				cache.get("https://b.example", null, null, false)).map(AccessToken::token))
			.expectNext("m2m.https://a.example.1", "m2m.https://b.example.2")
			.verifyComplete();
	}

	@Test
	void getWhenTimeoutThenRetriedBecauseClientCredentialsConsumeNothing() {
		ClientCredentialsCache cache = new ClientCredentialsCache(
				endpoint(List.of(new LogtoTransportException(true, "token endpoint timed out", null))), "m2m",
				"secret", this.config, this.clock, Schedulers.parallel());
		StepVerifier.create(cache.get("https://api.example", null, null, false)).expectNextCount(1).verifyComplete();
		assertThat(cache.requestCount()).isEqualTo(2);
	}

	@Test
	void getWhenInvalidClientThenTypedErrorWithoutRetry() {
		ClientCredentialsCache cache = new ClientCredentialsCache(
				endpoint(List.of(new TokenEndpointException(401, "invalid_client", "client authentication failed",
						"oidc.invalid_client", null))),
				"m2m", "wrong", this.config, this.clock, Schedulers.parallel());
		StepVerifier.create(cache.get("https://api.example", null, null, false))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(TokenEndpointException.class)
				.hasFieldOrPropertyWithValue("status", 401))
			.verify(Duration.ofSeconds(5));
		assertThat(cache.requestCount()).isEqualTo(1);
	}

	@Test
	void getWhenFloodOfDistinctKeysFromManyThreadsThenAtMostMaxTokensKept() {
		ClientCredentialsCache cache = new ClientCredentialsCache(immediateEndpoint(), "m2m", "secret", this.config,
				this.clock, Schedulers.parallel());
		int flood = ClientCredentialsCache.MAX_TOKENS + 2_000;

		StepVerifier.create(Flux.range(0, flood)
			.flatMap(i -> cache.get("https://api.example", "org-" + i, null, false).subscribeOn(Schedulers.parallel()))
			.count()).expectNext((long) flood).verifyComplete();

		assertThat(cache.cachedKeyCount()).isLessThanOrEqualTo(ClientCredentialsCache.MAX_TOKENS);
	}

	@Test
	void getWhenFloodOfOneOffKeysThenTheTokenInUseIsNotEvicted() {
		ClientCredentialsCache cache = new ClientCredentialsCache(immediateEndpoint(), "m2m", "secret", this.config,
				this.clock, Schedulers.parallel());
		AccessToken inUse = cache.get("https://api.example", null, null, false).block(Duration.ofSeconds(5));

		int flood = ClientCredentialsCache.MAX_TOKENS + 2_000;
		for (int i = 0; i < flood; i++) {
			cache.get("https://api.example", "org-" + i, null, false).block(Duration.ofSeconds(5));
			if (i % 10 == 0) {
				assertThat(cache.get("https://api.example", null, null, false).block(Duration.ofSeconds(5)))
					.isEqualTo(inUse);
			}
		}

		assertThat(cache.cachedKeyCount()).isLessThanOrEqualTo(ClientCredentialsCache.MAX_TOKENS);
		assertThat(cache.requestCount()).as("the token in use was never requested again").isEqualTo(1 + flood);
	}

	@Test
	void getWhenTokenExpiredOnTheEngineClockThenItsKeyIsDropped() {
		ClientCredentialsCache cache = new ClientCredentialsCache(immediateEndpoint(), "m2m", "secret", this.config,
				this.clock, Schedulers.parallel());
		cache.get("https://api.example", "org-1", null, false).block(Duration.ofSeconds(5));
		this.clock.advance(Duration.ofSeconds(3599));
		assertThat(cache.cachedKeyCount()).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(1));

		assertThat(cache.cachedKeyCount()).isZero();
	}

	@Test
	void getWhenTokenExpiresWhileItsRenewalIsUnderWayThenLaterCallersJoinTheRenewal() {
		Sinks.One<TokenResponse> renewal = Sinks.one();
		TokenEndpoint endpoint = new RefreshCoordinatorTests.FailingFirst(null, 0, null) {
			@Override
			public Mono<TokenResponse> clientCredentials(String clientId, String clientSecret, String resource,
					String organizationId, String scope) {
				int n = ClientCredentialsCacheTests.this.calls.incrementAndGet();
				return n == 2 ? renewal.asMono()
						: Mono.just(new TokenResponse("m2m." + n, null, null, "read", 3600, "Bearer"));
			}
		};
		ClientCredentialsCache cache = new ClientCredentialsCache(endpoint, "m2m", "secret", this.config, this.clock,
				Schedulers.parallel());
		cache.get("https://api.example", null, null, false).block(Duration.ofSeconds(5));

		this.clock.advance(Duration.ofSeconds(3600 - 30));
		Mono<AccessToken> first = cache.get("https://api.example", null, null, false).cache();
		first.subscribe();
		this.clock.advance(Duration.ofSeconds(60));
		Mono<AccessToken> second = cache.get("https://api.example", null, null, false).cache();
		second.subscribe();
		renewal.tryEmitValue(new TokenResponse("m2m.renewed", null, null, "read", 3600, "Bearer"));

		StepVerifier.create(Flux.concat(first, second).map(AccessToken::token))
			.expectNext("m2m.renewed", "m2m.renewed")
			.verifyComplete();
		assertThat(cache.requestCount()).isEqualTo(2);
	}

	@Test
	void getWhenRenewalFailsThenTheKeyStillExpiresWithItsToken() {
		TokenEndpoint revokedAfterFirst = new RefreshCoordinatorTests.FailingFirst(null, 0, null) {
			@Override
			public Mono<TokenResponse> clientCredentials(String clientId, String clientSecret, String resource,
					String organizationId, String scope) {
				return ClientCredentialsCacheTests.this.calls.incrementAndGet() == 1
						? Mono.just(new TokenResponse("m2m.1", null, null, "read", 3600, "Bearer"))
						: Mono.error(new TokenEndpointException(401, "invalid_client", "client authentication failed",
								"oidc.invalid_client", null));
			}
		};
		ClientCredentialsCache cache = new ClientCredentialsCache(revokedAfterFirst, "m2m", "secret", this.config,
				this.clock, Schedulers.parallel());
		cache.get("https://api.example", null, null, false).block(Duration.ofSeconds(5));
		this.clock.advance(Duration.ofSeconds(3600 - 30));

		StepVerifier.create(cache.get("https://api.example", null, null, false))
			.expectError(TokenEndpointException.class)
			.verify(Duration.ofSeconds(5));
		this.clock.advance(Duration.ofSeconds(30));

		assertThat(cache.cachedKeyCount()).isZero();
	}

	@Test
	void getWhenForcedThenANewTokenEvenThoughTheCachedOneIsFresh() {
		ClientCredentialsCache cache = new ClientCredentialsCache(immediateEndpoint(), "m2m", "secret", this.config,
				this.clock, Schedulers.parallel());
		AccessToken cached = cache.get("https://api.example", null, null, false).block(Duration.ofSeconds(5));

		StepVerifier.create(cache.get("https://api.example", null, null, true))
			.assertNext(token -> assertThat(token).isNotEqualTo(cached))
			.verifyComplete();
		assertThat(cache.requestCount()).isEqualTo(2);
	}

	@Test
	void getWhenARenewalEndsBetweenACallersLookupAndItsJoinThenTheCallerTakesItsTokenWithoutAnotherRequest() {
		Sinks.One<TokenResponse> renewal = Sinks.one();
		TokenEndpoint endpoint = new RefreshCoordinatorTests.FailingFirst(null, 0, null) {
			@Override
			public Mono<TokenResponse> clientCredentials(String clientId, String clientSecret, String resource,
					String organizationId, String scope) {
				int n = ClientCredentialsCacheTests.this.calls.incrementAndGet();
				return n == 2 ? renewal.asMono()
						: Mono.just(new TokenResponse("m2m." + n, null, null, "read", 3600, "Bearer"));
			}
		};
		InterleavingClock clock = new InterleavingClock(this.clock);
		ClientCredentialsCache cache = new ClientCredentialsCache(endpoint, "m2m", "secret", this.config, clock,
				Schedulers.parallel());
		cache.get("https://api.example", null, null, false).block(Duration.ofSeconds(5));
		this.clock.advance(Duration.ofSeconds(3600 - 30));
		Mono<AccessToken> first = cache.get("https://api.example", null, null, false).cache();
		first.subscribe();

		// The second caller has found the old token in the cache; the renewal ends before it decides to join.
		clock.beforeNextReadOutsideCaffeine(
				() -> renewal.tryEmitValue(new TokenResponse("m2m.renewed", null, null, "read", 3600, "Bearer")));
		AccessToken second = cache.get("https://api.example", null, null, false).block(Duration.ofSeconds(5));

		assertThat(second.token()).isEqualTo("m2m.renewed");
		assertThat(first.block(Duration.ofSeconds(5))).isEqualTo(second);
		assertThat(cache.requestCount()).isEqualTo(2);
	}

	/**
	 * The engine clock, which runs an action once, right before the first time it is read from outside Caffeine (whose
	 * ticker reads it during a lookup): that is, between a caller's cache lookup and its freshness decision.
	 */
	private static final class InterleavingClock extends Clock {

		private final Clock delegate;

		private final AtomicReference<@Nullable Runnable> action = new AtomicReference<>();

		InterleavingClock(Clock delegate) {
			this.delegate = delegate;
		}

		void beforeNextReadOutsideCaffeine(Runnable next) {
			this.action.set(next);
		}

		@Override
		public Instant instant() {
			boolean inCaffeine = StackWalker.getInstance()
				.walk(frames -> frames.anyMatch(f -> f.getClassName().startsWith("com.github.benmanes.caffeine")));
			Runnable next = inCaffeine ? null : this.action.getAndSet(null);
			if (next != null) {
				next.run();
			}
			return this.delegate.instant();
		}

		@Override
		public ZoneId getZone() {
			return this.delegate.getZone();
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}
	}

	private TokenEndpoint immediateEndpoint() {
		return new RefreshCoordinatorTests.FailingFirst(null, 0, null) {
			@Override
			public Mono<TokenResponse> clientCredentials(String clientId, String clientSecret, String resource,
					String organizationId, String scope) {
				int n = ClientCredentialsCacheTests.this.calls.incrementAndGet();
				return Mono.just(new TokenResponse("m2m." + organizationId + "." + n, null, null, "read", 3600,
						"Bearer"));
			}
		};
	}
}
