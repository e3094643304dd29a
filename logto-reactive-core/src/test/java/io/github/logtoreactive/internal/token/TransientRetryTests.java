package io.github.logtoreactive.internal.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.TokenEndpointException;
import io.github.logtoreactive.support.VirtualTimeClock;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backoff and retry rules of token requests, in virtual time: when each attempt starts, and which failures are
 * retried at all.
 */
class TransientRetryTests {

	static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

	final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	final VirtualTimeClock clock = new VirtualTimeClock(this.time, START);

	final LogtoConfig config = LogtoConfig.builder()
		.endpoint("https://logto.example")
		.appId("app")
		.appSecret("secret")
		.retryBackoff(Duration.ofMillis(100))
		.transientRetries(3)
		.build();

	final List<Duration> attemptsAt = new ArrayList<>();

	/** Fails with the given errors in turn, then answers "ok"; records when each attempt starts. */
	Supplier<Mono<String>> failing(Exception... failures) {
		return () -> Mono.defer(() -> {
			int attempt = this.attemptsAt.size();
			this.attemptsAt.add(Duration.between(START, this.clock.instant()));
			return attempt < failures.length ? Mono.error(failures[attempt]) : Mono.just("ok");
		});
	}

	CompletableFuture<String> run(boolean consumesGrant, Supplier<Mono<String>> attempt) {
		CompletableFuture<String> result = new TransientRetry(this.config, this.clock, this.time, consumesGrant)
			.run(attempt, () -> {
			})
			.toFuture();
		this.time.advanceTimeBy(Duration.ofMinutes(5));
		return result;
	}

	static TokenEndpointException serverError() {
		return new TokenEndpointException(503, "server_error", "oops! something went wrong", null, null);
	}

	@RepeatedTest(5)
	void runWhenServerErrorsThenEachRetryWaitsBetweenHalfAndAllOfABackoffThatDoubles() {
		CompletableFuture<String> result = run(true, failing(serverError(), serverError(), serverError()));

		assertThat(result).isCompletedWithValue("ok");
		assertThat(this.attemptsAt).hasSize(4);
		List<Long> waits = new ArrayList<>();
		for (int i = 1; i < this.attemptsAt.size(); i++) {
			waits.add(this.attemptsAt.get(i).minus(this.attemptsAt.get(i - 1)).toMillis());
		}
		assertThat(waits.get(0)).isBetween(50L, 100L);
		assertThat(waits.get(1)).isBetween(100L, 200L);
		assertThat(waits.get(2)).isBetween(200L, 400L);
	}

	@Test
	void runWhenServerKeepsFailingThenGivesUpAfterTheConfiguredRetriesWithTheLastError() {
		TokenEndpointException last = serverError();
		CompletableFuture<String> result = run(true, failing(serverError(), serverError(), serverError(), last));

		assertThat(result).isCompletedExceptionally();
		assertThat(result.handle((value, ex) -> ex)).isCompletedWithValue(last);
		assertThat(this.attemptsAt).hasSize(4);
	}

	@Test
	void runWhenRetryAfterIsLongerThanTheBackoffThenWaitsForItButNeverMoreThanThirtySeconds() {
		TokenEndpointException fiveSeconds = new TokenEndpointException(429, "http_error_429", null, null,
				Duration.ofSeconds(5));
		TokenEndpointException oneHour = new TokenEndpointException(429, "http_error_429", null, null,
				Duration.ofHours(1));
		TokenEndpointException tenMillis = new TokenEndpointException(429, "http_error_429", null, null,
				Duration.ofMillis(10));

		assertThat(run(true, failing(fiveSeconds, oneHour, tenMillis))).isCompletedWithValue("ok");

		assertThat(this.attemptsAt.get(1)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.attemptsAt.get(2)).isEqualTo(Duration.ofSeconds(35));
		assertThat(this.attemptsAt.get(3).minus(this.attemptsAt.get(2)).toMillis())
			.as("a Retry-After shorter than the backoff: the backoff").isBetween(200L, 400L);
	}

	@Test
	void runWhenAClientErrorThenNotRetried() {
		TokenEndpointException invalidGrant = new TokenEndpointException(400, "invalid_grant", null, null, null);

		assertThat(run(true, failing(invalidGrant))).isCompletedExceptionally();
		assertThat(this.attemptsAt).hasSize(1);
	}

	@Test
	void runWhenAFastConnectionFailureThenRetriedButATimeoutOfARefreshIsNot() {
		LogtoTransportException refused = new LogtoTransportException(false, "connection refused", null);
		LogtoTransportException timedOut = new LogtoTransportException(true, "token endpoint timed out", null);

		assertThat(run(true, failing(refused))).isCompletedWithValue("ok");
		assertThat(this.attemptsAt).hasSize(2);
		this.attemptsAt.clear();
		assertThat(run(true, failing(timedOut))).isCompletedExceptionally();
		assertThat(this.attemptsAt).as("Logto may have consumed the refresh token").hasSize(1);
		this.attemptsAt.clear();
		assertThat(run(false, failing(timedOut))).as("a grant that consumes nothing is retried")
			.isCompletedWithValue("ok");
		assertThat(this.attemptsAt).hasSize(2);
	}

	@Test
	void runWhenAConnectionFailureCameAfterMoreThanTwoSecondsThenARefreshIsNotRetried() {
		LogtoTransportException reset = new LogtoTransportException(false, "connection reset", null);
		Supplier<Mono<String>> slowThenReset = () -> Mono.defer(() -> {
			this.attemptsAt.add(Duration.between(START, this.clock.instant()));
			return Mono.delay(Duration.ofMillis(2001), this.time).then(Mono.<String>error(reset));
		});
		Supplier<Mono<String>> twoSecondsThenReset = () -> Mono.defer(() -> {
			this.attemptsAt.add(Duration.between(START, this.clock.instant()));
			return this.attemptsAt.size() > 1 ? Mono.just("ok")
					: Mono.delay(Duration.ofMillis(2000), this.time).then(Mono.<String>error(reset));
		});

		assertThat(run(true, slowThenReset)).isCompletedExceptionally();
		assertThat(this.attemptsAt).hasSize(1);
		this.attemptsAt.clear();
		assertThat(run(true, twoSecondsThenReset)).isCompletedWithValue("ok");
		assertThat(this.attemptsAt).hasSize(2);
	}

	@Test
	void runWhenAnUnexpectedErrorThenNotRetried() {
		assertThat(run(true, failing(new IllegalStateException("bug")))).isCompletedExceptionally();
		assertThat(this.attemptsAt).hasSize(1);
	}
}
