package io.github.logtoreactive;

import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;

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
	void unknownKidThenOneRefetchPerIntervalAndUnknownKeyError() {
		LogtoSigningKeys keys = LogtoSigningKeys.builder(this.logto.endpoint())
			.clock(this.clock)
			.refetchInterval(Duration.ofSeconds(30))
			.build();
		StepVerifier.create(keys.keys(FakeLogto.EC_KEY.getKeyID())).expectNextCount(1).verifyComplete();
		this.clock.advance(Duration.ofSeconds(31));
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(keys.keys("made-up"))
				.expectErrorMatches(e -> e instanceof IdTokenVerificationException ex
						&& ex.reason() == IdTokenVerificationException.Reason.UNKNOWN_KEY)
				.verify();
		}
		assertThat(this.logto.jwksCount()).isEqualTo(2);
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
