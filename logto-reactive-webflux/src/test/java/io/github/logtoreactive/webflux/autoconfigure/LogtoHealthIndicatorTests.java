package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogtoHealthIndicator}: Logto's discovery document, fetched at most once per time to live however often the
 * health endpoint is probed, DOWN with the error's code when Logto fails.
 */
@Timeout(60)
class LogtoHealthIndicatorTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Duration TTL = Duration.ofSeconds(30);

	@StartStop
	final MockWebServer server = new MockWebServer();

	final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	FakeLogto logto;

	LogtoHealthIndicator indicator;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, TestClock.startingNow());
		this.indicator = new LogtoHealthIndicator(LogtoEngine.create(this.logto.config().build()), TTL, this.time);
	}

	@AfterEach
	void disposeTime() {
		this.time.dispose();
	}

	@Test
	void healthWhenProbedOftenWithinTheTimeToLiveThenOneRequestToLogto() {
		assertThat(this.indicator.health().block(WAIT)).isEqualTo(Health.up().withDetail("issuer", this.logto.issuer()).build());
		for (int i = 0; i < 5; i++) {
			this.time.advanceTimeBy(Duration.ofSeconds(5));
			assertThat(this.indicator.health().block(WAIT).getStatus()).isEqualTo(Status.UP);
		}
		assertThat(this.logto.discoveryCount()).isOne();

		this.time.advanceTimeBy(Duration.ofSeconds(6));
		assertThat(this.indicator.health().block(WAIT).getStatus()).isEqualTo(Status.UP);
		assertThat(this.logto.discoveryCount()).isEqualTo(2);
	}

	@Test
	void healthWhenManyProbesAtOnceThenTheyShareOneRequest() {
		List<Health> results = Flux.range(0, 20).flatMap(i -> this.indicator.health()).collectList().block(WAIT);

		assertThat(results).hasSize(20).allSatisfy(health -> assertThat(health.getStatus()).isEqualTo(Status.UP));
		assertThat(this.logto.discoveryCount()).isOne();
	}

	@Test
	void healthWhenLogtoFailsThenDownAfterTheTimeToLiveWithErrorCodeAndNoSecret() {
		this.indicator.health().block(WAIT);
		this.logto.discoveryHandler = request -> new MockResponse.Builder().code(503).body("maintenance").build();

		assertThat(this.indicator.health().block(WAIT).getStatus()).as("within the time to live").isEqualTo(Status.UP);
		this.time.advanceTimeBy(TTL);
		Health down = this.indicator.health().block(WAIT);

		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("error", "transport.io")
			.containsEntry("message", "discovery endpoint answered HTTP 503");
		assertThat(down.toString()).doesNotContain(FakeLogto.APP_SECRET).doesNotContain("maintenance");
	}

	@Test
	void healthWhenLogtoAnswersAnotherTenantThenDown() {
		this.logto.discoveryHandler = request -> FakeLogto.json(200, java.util.Map.of("issuer", "https://x.example"));

		Health down = this.indicator.health().block(WAIT);

		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("error", "unexpected_response");
	}
}
