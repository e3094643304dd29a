package io.github.logtoreactive.internal.jwt;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.JWK;
import io.github.logtoreactive.IdTokenVerificationException;
import io.github.logtoreactive.InvalidResponseException;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.internal.discovery.DiscoveryCache;
import io.github.logtoreactive.internal.http.LogtoHttp;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(20)
class JwksCacheTests {

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	FakeLogto logto;

	JwksCache jwks;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, this.clock);
		LogtoConfig config = this.logto.config().jwksRefetchInterval(Duration.ofSeconds(30)).build();
		LogtoHttp http = new LogtoHttp(HttpClient.create(), config, Schedulers.parallel());
		this.jwks = new JwksCache(http, new DiscoveryCache(http, config, this.clock), config, this.clock);
	}

	private static boolean unknownKey(Throwable e) {
		return e instanceof IdTokenVerificationException ex
				&& ex.reason() == IdTokenVerificationException.Reason.UNKNOWN_KEY;
	}

	@Test
	void keysWhenKidKnownThenSelectedByKid() {
		this.logto.publishedKeys = List.of(FakeLogto.RSA_KEY, FakeLogto.EC_KEY);
		StepVerifier.create(this.jwks.keys(FakeLogto.EC_KEY.getKeyID()))
			.assertNext(keys -> assertThat(keys).extracting(JWK::getKeyID).containsExactly(FakeLogto.EC_KEY.getKeyID()))
			.verifyComplete();
		StepVerifier.create(this.jwks.keys(FakeLogto.RSA_KEY.getKeyID()))
			.assertNext(keys -> assertThat(keys).extracting(JWK::getKeyID).containsExactly(FakeLogto.RSA_KEY.getKeyID()))
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
	void keysWhenUnknownKidAfterRotationThenOneSharedRefetchFindsIt() {
		StepVerifier.create(this.jwks.keys(FakeLogto.EC_KEY.getKeyID())).expectNextCount(1).verifyComplete();
		this.clock.advance(Duration.ofSeconds(31));
		this.logto.publishedKeys = List.of(FakeLogto.OTHER_EC_KEY, FakeLogto.EC_KEY);
		String rotated = FakeLogto.OTHER_EC_KEY.getKeyID();
		StepVerifier.create(Flux.range(0, 50)
			.parallel(8)
			.runOn(Schedulers.parallel())
			.flatMap(i -> this.jwks.keys(rotated))
			.sequential()
			.count()).expectNext(50L).verifyComplete();
		assertThat(this.logto.jwksCount()).isEqualTo(2);
	}

	@Test
	void keysWhenUnknownKidWithinRefetchIntervalThenUnknownKeyWithoutRequest() {
		StepVerifier.create(this.jwks.keys(FakeLogto.EC_KEY.getKeyID())).expectNextCount(1).verifyComplete();
		this.clock.advance(Duration.ofSeconds(10));
		StepVerifier.create(this.jwks.keys("made-up")).expectErrorMatches(JwksCacheTests::unknownKey)
			.verify(Duration.ofSeconds(5));
		assertThat(this.logto.jwksCount()).isEqualTo(1);
	}

	@Test
	void keysWhenUnknownKidStillUnknownAfterRefetchThenUnknownKeyAndRateLimited() {
		StepVerifier.create(this.jwks.keys(FakeLogto.EC_KEY.getKeyID())).expectNextCount(1).verifyComplete();
		this.clock.advance(Duration.ofSeconds(31));
		StepVerifier.create(Flux.range(0, 20)
			.parallel(4)
			.runOn(Schedulers.parallel())
			.flatMap(i -> this.jwks.keys("made-up").onErrorResume(JwksCacheTests::unknownKey, e -> reactor.core.publisher.Mono.empty()))
			.sequential()
			.count()).expectNext(0L).verifyComplete();
		StepVerifier.create(this.jwks.keys("made-up")).expectErrorMatches(JwksCacheTests::unknownKey)
			.verify(Duration.ofSeconds(5));
		assertThat(this.logto.jwksCount()).isEqualTo(2);
	}

	@Test
	void keysWhenJwksIsNotJsonThenInvalidResponseAndNotCached() {
		this.logto.jwksHandler = request -> new MockResponse.Builder().body("not json").build();
		StepVerifier.create(this.jwks.keys(FakeLogto.EC_KEY.getKeyID())).expectError(InvalidResponseException.class)
			.verify(Duration.ofSeconds(5));
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
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void keysWhenSymmetricKeyPublishedThenIgnored() {
		this.logto.jwksHandler = request -> new MockResponse.Builder()
			.body("{\"keys\":[{\"kty\":\"oct\",\"kid\":\"k1\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}]}")
			.build();
		StepVerifier.create(this.jwks.keys("k1")).expectErrorMatches(JwksCacheTests::unknownKey)
			.verify(Duration.ofSeconds(5));
	}
}
