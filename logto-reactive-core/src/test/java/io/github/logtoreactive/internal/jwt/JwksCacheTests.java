package io.github.logtoreactive.internal.jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;
import io.github.logtoreactive.IdTokenVerificationException;
import io.github.logtoreactive.InvalidResponseException;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.internal.discovery.DiscoveryCache;
import io.github.logtoreactive.internal.http.LogtoHttp;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.support.VirtualTimeClock;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWKS cache against a fake Logto over HTTP. The rate limit's clock and waits run in virtual time
 * ({@link #time}); only the HTTP calls take real time.
 */
@Timeout(20)
class JwksCacheTests {

	static final Duration INTERVAL = Duration.ofSeconds(30);

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	@StartStop
	final MockWebServer server = new MockWebServer();

	final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	final Clock clock = new VirtualTimeClock(this.time, Instant.parse("2026-11-25T10:00:00Z"));

	FakeLogto logto;

	JwksCache jwks;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, TestClock.startingNow());
		LogtoConfig config = this.logto.config().jwksRefetchInterval(INTERVAL).build();
		LogtoHttp http = new LogtoHttp(HttpClient.create(), config, Schedulers.parallel());
		this.jwks = new JwksCache(http, new DiscoveryCache(http, config, this.clock), config, this.clock, this.time);
	}

	private static boolean unknownKey(Throwable e) {
		return e instanceof IdTokenVerificationException ex
				&& ex.reason() == IdTokenVerificationException.Reason.UNKNOWN_KEY;
	}

	private void firstFetch() {
		StepVerifier.create(this.jwks.keys(FakeLogto.EC_KEY.getKeyID())).expectNextCount(1).expectComplete()
			.verify(TIMEOUT);
		assertThat(this.logto.jwksCount()).isEqualTo(1);
	}

	private static void assertKid(List<JWK> keys, JWK expected) {
		assertThat(keys).extracting(JWK::getKeyID).containsExactly(expected.getKeyID());
	}

	@Test
	void keysWhenKidKnownThenSelectedByKid() {
		this.logto.publishedKeys = List.of(FakeLogto.RSA_KEY, FakeLogto.EC_KEY);
		StepVerifier.create(this.jwks.keys(FakeLogto.EC_KEY.getKeyID()))
			.assertNext(keys -> assertKid(keys, FakeLogto.EC_KEY))
			.verifyComplete();
		StepVerifier.create(this.jwks.keys(FakeLogto.RSA_KEY.getKeyID()))
			.assertNext(keys -> assertKid(keys, FakeLogto.RSA_KEY))
			.verifyComplete();
		assertThat(this.logto.jwksCount()).isEqualTo(1);
	}

	@Test
	void keysWhenPrivateKeysPublishedThenOnlyPublicPartsKept() {
		StepVerifier.create(this.jwks.keys(FakeLogto.EC_KEY.getKeyID()))
			.assertNext(keys -> assertThat(keys).allSatisfy(k -> assertThat(k.isPrivate()).isFalse()))
			.verifyComplete();
	}

	@Test
	void keysWhenFiftyConcurrentFirstCallersThenOneRequest() {
		this.logto.jwksHandler = request -> new MockResponse.Builder()
			.body("{\"keys\":[" + FakeLogto.EC_KEY.toPublicJWK().toJSONString() + "]}")
			.headersDelay(200, TimeUnit.MILLISECONDS)
			.build();
		StepVerifier.create(Flux.range(0, 50)
			.parallel(8)
			.runOn(Schedulers.parallel())
			.flatMap(i -> this.jwks.keys(FakeLogto.EC_KEY.getKeyID()))
			.sequential()
			.count()).expectNext(50L).verifyComplete();
		assertThat(this.logto.jwksCount()).isEqualTo(1);
		assertThat(this.logto.discoveryCount()).isEqualTo(1);
	}

	@Test
	void keysWhenKeysRotateRightAfterTheFirstFetchThenTheNewKidIsFoundAtOnce() {
		firstFetch();
		this.logto.publishedKeys = List.of(FakeLogto.OTHER_EC_KEY, FakeLogto.EC_KEY);

		// no time passes: the routine first fetch does not count toward the refetch limit
		StepVerifier.create(this.jwks.keys(FakeLogto.OTHER_EC_KEY.getKeyID()))
			.assertNext(keys -> assertKid(keys, FakeLogto.OTHER_EC_KEY))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.logto.jwksCount()).isEqualTo(2);
	}

	@Test
	void keysWhenFiftyConcurrentCallersNameTheRotatedKidThenOneSharedRefetchFindsIt() {
		firstFetch();
		this.logto.publishedKeys = List.of(FakeLogto.OTHER_EC_KEY, FakeLogto.EC_KEY);
		String rotated = FakeLogto.OTHER_EC_KEY.getKeyID();

		StepVerifier.create(Flux.range(0, 50)
			.parallel(8)
			.runOn(Schedulers.parallel())
			.flatMap(i -> this.jwks.keys(rotated))
			.sequential()
			.count()).expectNext(50L).expectComplete().verify(TIMEOUT);
		assertThat(this.logto.jwksCount()).isEqualTo(2);
	}

	@Test
	void keysWhenKeysRotateAgainWithinTheIntervalThenTheNewKidWaitsForTheWindowAndIsFound() {
		firstFetch();
		this.logto.publishedKeys = List.of(FakeLogto.OTHER_EC_KEY, FakeLogto.EC_KEY);
		StepVerifier.create(this.jwks.keys(FakeLogto.OTHER_EC_KEY.getKeyID())).expectNextCount(1).expectComplete()
			.verify(TIMEOUT);
		this.time.advanceTimeBy(Duration.ofSeconds(5));
		this.logto.publishedKeys = List.of(FakeLogto.RSA_KEY, FakeLogto.OTHER_EC_KEY);

		StepVerifier.create(this.jwks.keys(FakeLogto.RSA_KEY.getKeyID()))
			.expectSubscription()
			.then(() -> this.time.advanceTimeBy(Duration.ofSeconds(25).minusMillis(1)))
			.then(() -> assertThat(this.logto.jwksCount()).as("no refetch before the window opens").isEqualTo(2))
			.then(() -> this.time.advanceTimeBy(Duration.ofMillis(1)))
			.assertNext(keys -> assertKid(keys, FakeLogto.RSA_KEY))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.logto.jwksCount()).isEqualTo(3);
	}

	@Test
	void keysWhenMadeUpKidThenOneRefetchThenUnknownKeyAndTheNextMadeUpKidWaitsForTheWindow() {
		firstFetch();

		StepVerifier.create(this.jwks.keys("made-up-1")).expectErrorMatches(JwksCacheTests::unknownKey)
			.verify(TIMEOUT);
		assertThat(this.logto.jwksCount()).isEqualTo(2);

		StepVerifier.create(this.jwks.keys("made-up-2"))
			.expectSubscription()
			.then(() -> this.time.advanceTimeBy(INTERVAL.minusMillis(1)))
			.then(() -> assertThat(this.logto.jwksCount()).isEqualTo(2))
			.then(() -> this.time.advanceTimeBy(Duration.ofMillis(1)))
			.expectErrorMatches(JwksCacheTests::unknownKey)
			.verify(TIMEOUT);
		assertThat(this.logto.jwksCount()).isEqualTo(3);
	}

	@Test
	void keysWhenFiftyDifferentMadeUpKidsWhileTheWindowIsClosedThenOneSharedRefetchAndUnknownKeyForEach() {
		firstFetch();
		StepVerifier.create(this.jwks.keys("made-up")).expectErrorMatches(JwksCacheTests::unknownKey)
			.verify(TIMEOUT);
		List<Mono<Throwable>> callers = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			callers.add(this.jwks.keys("made-up-" + i).map(keys -> (Throwable) new AssertionError("found " + keys))
				.onErrorResume(Mono::just));
		}

		StepVerifier.create(Flux.merge(callers).collectList())
			.expectSubscription()
			.then(() -> assertThat(this.logto.jwksCount()).isEqualTo(2))
			.then(() -> this.time.advanceTimeBy(INTERVAL))
			.assertNext(errors -> assertThat(errors).hasSize(50).allMatch(JwksCacheTests::unknownKey))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.logto.jwksCount()).as("one refetch for all of them").isEqualTo(3);
	}

	@Test
	void keysWhenConcurrentMadeUpKidsAtAnOpenWindowThenAtMostOneRefetchPerWindow() throws InterruptedException {
		firstFetch();
		int callers = 20;
		CountDownLatch asked = new CountDownLatch(callers);

		StepVerifier all = StepVerifier.create(Flux.range(0, callers)
			.parallel(4)
			.runOn(Schedulers.parallel())
			.flatMap(i -> this.jwks.keys("made-up-" + i)
				.doOnSubscribe(s -> asked.countDown())
				.map(keys -> (Throwable) new AssertionError("found " + keys))
				.onErrorResume(Mono::just))
			.sequential()
			.collectList())
			.assertNext(errors -> assertThat(errors).hasSize(callers).allMatch(JwksCacheTests::unknownKey))
			.expectComplete()
			.verifyLater();
		assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();
		// callers that asked while the first refetch was under way wait for the next window
		this.time.advanceTimeBy(INTERVAL);

		all.verify(TIMEOUT);
		assertThat(this.logto.jwksCount()).as("the first fetch, then at most one refetch per window").isBetween(2, 3);
	}

	@Test
	void keysWhenACallerWaitsForTheWindowThenCachedKidsAreServedAtOnce() {
		firstFetch();
		StepVerifier.create(this.jwks.keys("made-up")).expectErrorMatches(JwksCacheTests::unknownKey)
			.verify(TIMEOUT);

		StepVerifier.create(this.jwks.keys("made-up-too"))
			.expectSubscription()
			.then(() -> StepVerifier.create(this.jwks.keys(FakeLogto.EC_KEY.getKeyID()))
				.assertNext(keys -> assertKid(keys, FakeLogto.EC_KEY))
				.expectComplete()
				.verify(TIMEOUT))
			.then(() -> this.time.advanceTimeBy(INTERVAL))
			.expectErrorMatches(JwksCacheTests::unknownKey)
			.verify(TIMEOUT);
	}

	@Test
	void keysWhenTheRefetchFailsThenNothingIsCachedAndTheNextCallerRefetchesInTheNextWindow() {
		firstFetch();
		this.logto.publishedKeys = List.of(FakeLogto.OTHER_EC_KEY, FakeLogto.EC_KEY);
		Function<RecordedRequest, MockResponse> published = this.logto.jwksHandler;
		this.logto.jwksHandler = request -> new MockResponse.Builder().code(503).build();
		StepVerifier.create(this.jwks.keys(FakeLogto.OTHER_EC_KEY.getKeyID()))
			.expectError(LogtoTransportException.class)
			.verify(TIMEOUT);
		this.logto.jwksHandler = published;

		StepVerifier.create(this.jwks.keys(FakeLogto.OTHER_EC_KEY.getKeyID()))
			.expectSubscription()
			.then(() -> this.time.advanceTimeBy(INTERVAL))
			.assertNext(keys -> assertKid(keys, FakeLogto.OTHER_EC_KEY))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.logto.jwksCount()).isEqualTo(3);
	}

	@Test
	void keysWhenJwksIsNotJsonThenInvalidResponseAndNotCached() {
		this.logto.jwksHandler = request -> new MockResponse.Builder().body("not json").build();
		StepVerifier.create(this.jwks.keys(FakeLogto.EC_KEY.getKeyID())).expectError(InvalidResponseException.class)
			.verify(TIMEOUT);
		this.logto.jwksHandler = request -> new MockResponse.Builder()
			.body("{\"keys\":[" + FakeLogto.EC_KEY.toPublicJWK().toJSONString() + "]}")
			.build();
		StepVerifier.create(this.jwks.keys(FakeLogto.EC_KEY.getKeyID())).expectNextCount(1).verifyComplete();
		assertThat(this.logto.jwksCount()).isEqualTo(2);
	}

	@Test
	void keysWhenJwksAnswers503ThenTransportException() {
		this.logto.jwksHandler = request -> new MockResponse.Builder().code(503).build();
		StepVerifier.create(this.jwks.keys(FakeLogto.EC_KEY.getKeyID())).expectError(LogtoTransportException.class)
			.verify(TIMEOUT);
	}

	@Test
	void keysWhenSymmetricKeyPublishedThenIgnored() {
		this.logto.jwksHandler = request -> new MockResponse.Builder()
			.body("{\"keys\":[{\"kty\":\"oct\",\"kid\":\"k1\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}]}")
			.build();
		StepVerifier.create(this.jwks.keys("k1")).expectErrorMatches(JwksCacheTests::unknownKey)
			.verify(TIMEOUT);
		assertThat(this.logto.jwksCount()).as("the first fetch already answers: no refetch").isEqualTo(1);
	}
}
