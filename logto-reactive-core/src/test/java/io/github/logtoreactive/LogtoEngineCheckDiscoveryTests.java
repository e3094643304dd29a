package io.github.logtoreactive;

import java.time.Duration;
import java.util.Map;

import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.support.TestSessionBinding;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogtoEngine#checkDiscovery()}: a fresh look at Logto, where sign-ins would be served the cached (or stale)
 * discovery document.
 */
@Timeout(60)
class LogtoEngineCheckDiscoveryTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@StartStop
	final MockWebServer server = new MockWebServer();

	FakeLogto logto;

	LogtoEngine engine;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, TestClock.startingNow());
		this.engine = LogtoEngine.create(this.logto.config().build());
	}

	@Test
	void checkDiscoveryWhenDocumentIsCachedThenFetchesAgainAndAnswersTheIssuer() {
		this.engine.client(new TestSessionBinding())
			.signIn(SignInOptions.builder("https://app.example.com/callback").build())
			.block(TIMEOUT);

		StepVerifier.create(this.engine.checkDiscovery()).expectNext(this.logto.issuer()).verifyComplete();
		StepVerifier.create(this.engine.checkDiscovery()).expectNext(this.logto.issuer()).verifyComplete();

		assertThat(this.logto.discoveryCount()).isEqualTo(3);
	}

	@Test
	void checkDiscoveryWhenLogtoFailsAfterAFirstFetchThenErrorsWhereSignInsUseTheCachedDocument() {
		this.engine.checkDiscovery().block(TIMEOUT);
		this.logto.discoveryHandler = request -> new MockResponse.Builder().code(502).body("bad gateway").build();

		StepVerifier.create(this.engine.checkDiscovery()).expectError(LogtoTransportException.class).verify(TIMEOUT);
	}

	@Test
	void checkDiscoveryWhenLogtoAnswersAnotherIssuerThenInvalidResponse() {
		this.logto.discoveryHandler = request -> FakeLogto.json(200, Map.of("issuer", "https://other.example/oidc"));

		StepVerifier.create(this.engine.checkDiscovery()).expectError(InvalidResponseException.class).verify(TIMEOUT);
	}
}
