package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.TokenEndpointException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * Retries token requests that failed transiently: 5xx, 429 (honouring {@code Retry-After}, capped at 30 s) and
 * connection failures, with jittered exponential backoff, at most {@link LogtoConfig#transientRetries()} times.
 *
 * <p>
 * For refresh-token grants a timed-out or slow attempt is not retried: Logto may have consumed the refresh token, and
 * replaying it later than 3 s would revoke the grant. Machine-to-machine grants have no such risk.
 */
final class TransientRetry {

	private static final Logger logger = LoggerFactory.getLogger(TransientRetry.class);

	private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

	/** A failure faster than this could not have been processed by Logto in a way that matters. */
	private static final Duration SAFE_RETRY_WINDOW = Duration.ofSeconds(2);

	private final LogtoConfig config;

	private final Clock clock;

	private final Scheduler scheduler;

	private final boolean consumesGrant;

	TransientRetry(LogtoConfig config, Clock clock, Scheduler scheduler, boolean consumesGrant) {
		this.config = config;
		this.clock = clock;
		this.scheduler = scheduler;
		this.consumesGrant = consumesGrant;
	}

	/**
	 * @param attempt one attempt of the request; subscribed once per try
	 * @param onAttempt called before each try
	 * @return the request with retries
	 */
	<T> Mono<T> run(Supplier<Mono<T>> attempt, Runnable onAttempt) {
		return Mono.defer(() -> {
			Instant started = this.clock.instant();
			onAttempt.run();
			return attempt.get().onErrorMap(ex -> new AttemptFailure(ex, Duration.between(started, this.clock.instant())));
		}).retryWhen(Retry.from(signals -> signals.concatMap(signal -> {
			AttemptFailure failure = (AttemptFailure) signal.failure();
			Duration delay = delay(failure.error, failure.elapsed, signal.totalRetries());
			if (delay == null) {
				return Mono.error(failure.error);
			}
			logger.debug("Transient token endpoint failure ({}), retrying in {} ms",
					failure.error.getClass().getSimpleName(), delay.toMillis());
			return Mono.delay(delay, this.scheduler);
		}))).onErrorMap(AttemptFailure.class, failure -> failure.error);
	}

	private @Nullable Duration delay(Throwable cause, Duration elapsed, long retriesSoFar) {
		if (retriesSoFar >= this.config.transientRetries()) {
			return null;
		}
		Duration retryAfter = null;
		if (cause instanceof TokenEndpointException ex) {
			if (!ex.isTransient()) {
				return null;
			}
			retryAfter = ex.retryAfter();
		}
		else if (cause instanceof LogtoTransportException ex) {
			if (this.consumesGrant && (ex.isTimeout() || elapsed.compareTo(SAFE_RETRY_WINDOW) > 0)) {
				return null;
			}
		}
		else {
			return null;
		}
		long base = Math.max(1, this.config.retryBackoff().toMillis()) << Math.min(retriesSoFar, 16);
		long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
		Duration delay = Duration.ofMillis(jittered);
		if (retryAfter != null) {
			Duration capped = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
			if (capped.compareTo(delay) > 0) {
				delay = capped;
			}
		}
		return delay;
	}

	/** Carries how long a failed attempt took. */
	private static final class AttemptFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		/** The attempt's error (also the cause, which the JDK types as nullable). */
		private final transient Throwable error;

		private final transient Duration elapsed;

		AttemptFailure(Throwable cause, Duration elapsed) {
			super(cause.getMessage(), cause, false, false);
			this.error = cause;
			this.elapsed = elapsed;
		}
	}
}
