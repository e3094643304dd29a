package io.github.logtoreactive;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.support.VirtualTimeClock;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class LogtoSigningKeysTests {

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	FakeLogto logto;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, this.clock);
	}

	@Test
	void standaloneKeysNeedOnlyTheEndpointAndNameTheIssuer() {
		LogtoSigningKeys keys = LogtoSigningKeys.builder(this.logto.endpoint()).clock(this.clock).build();
		assertThat(keys.issuer()).isEqualTo(this.logto.issuer());
		StepVerifier.create(keys.keys(FakeLogto.EC_KEY.getKeyID()))
			.assertNext(found -> assertThat(found).extracting(JWK::getKeyID).containsExactly(FakeLogto.EC_KEY.getKeyID()))
			.verifyComplete();
		assertThat(this.logto.discoveryCount()).isEqualTo(1);
		assertThat(this.logto.jwksCount()).isEqualTo(1);
	}

	@Test
	void keysWhenKidIsMadeUpThenOneRefetchPerIntervalAndUnknownKeyError() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		LogtoSigningKeys keys = LogtoSigningKeys.builder(this.logto.endpoint())
			.clock(new VirtualTimeClock(time, Instant.parse("2026-12-01T10:00:00Z")))
			.scheduler(time)
			.refetchInterval(Duration.ofSeconds(30))
			.build();
		StepVerifier.create(keys.keys(FakeLogto.EC_KEY.getKeyID())).expectNextCount(1).verifyComplete();
		StepVerifier.create(keys.keys("made-up"))
			.as("the routine first fetch does not count: an unknown kid refetches at once")
			.expectErrorMatches(LogtoSigningKeysTests::isUnknownKey)
			.verify(Duration.ofSeconds(5));
		assertThat(this.logto.jwksCount()).isEqualTo(2);
		StepVerifier.create(keys.keys("made-up-too"))
			.expectSubscription()
			.as("within the interval the caller waits for the window instead of fetching")
			.then(() -> time.advanceTimeBy(Duration.ofSeconds(30).minusMillis(1)))
			.then(() -> assertThat(this.logto.jwksCount()).isEqualTo(2))
			.then(() -> time.advanceTimeBy(Duration.ofMillis(1)))
			.expectErrorMatches(LogtoSigningKeysTests::isUnknownKey)
			.verify(Duration.ofSeconds(5));
		assertThat(this.logto.jwksCount()).as("one refetch per interval caused by unknown kids").isEqualTo(3);
	}

	private static boolean isUnknownKey(Throwable error) {
		return error instanceof IdTokenVerificationException ex
				&& ex.reason() == IdTokenVerificationException.Reason.UNKNOWN_KEY;
	}

	@Test
	void rotatedKeyThenFoundAfterRefetch() {
		LogtoSigningKeys keys = LogtoSigningKeys.builder(this.logto.endpoint())
			.clock(this.clock)
			.refetchInterval(Duration.ZERO)
			.build();
		StepVerifier.create(keys.keys(FakeLogto.EC_KEY.getKeyID())).expectNextCount(1).verifyComplete();
		this.logto.publishedKeys = List.of(FakeLogto.EC_KEY, FakeLogto.OTHER_EC_KEY);
		StepVerifier.create(keys.keys(FakeLogto.OTHER_EC_KEY.getKeyID()))
			.assertNext(found -> assertThat(found).extracting(JWK::getKeyID)
				.containsExactly(FakeLogto.OTHER_EC_KEY.getKeyID()))
			.verifyComplete();
	}

	@Test
	void engineKeysShareTheEngineCache() {
		LogtoEngine engine = LogtoEngine.builder(this.logto.config().build()).clock(this.clock).build();
		LogtoSigningKeys first = LogtoSigningKeys.of(engine);
		LogtoSigningKeys second = LogtoSigningKeys.of(engine);
		assertThat(first.issuer()).isEqualTo(this.logto.issuer());
		StepVerifier.create(first.keys(FakeLogto.EC_KEY.getKeyID())).expectNextCount(1).verifyComplete();
		StepVerifier.create(second.keys(FakeLogto.EC_KEY.getKeyID())).expectNextCount(1).verifyComplete();
		assertThat(this.logto.jwksCount()).isEqualTo(1);
	}

	@Test
	void invalidEndpointThenConfigurationErrorNamingIt() {
		assertThatThrownBy(() -> LogtoSigningKeys.builder("not a url").build())
			.isInstanceOf(LogtoConfigurationException.class)
			.hasMessageContaining("endpoint");
	}
}
