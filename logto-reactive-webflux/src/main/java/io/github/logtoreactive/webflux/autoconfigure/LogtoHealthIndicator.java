package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Duration;
import java.util.Objects;

import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The {@code logto} health indicator: UP when Logto answers its discovery document for the configured endpoint
 * ({@link LogtoEngine#checkDiscovery()}), DOWN otherwise. A result is reused for a time to live, so a health endpoint
 * probed every few seconds makes at most one request to Logto per time to live, and concurrent probes share one
 * request; a probe whose caller goes away still completes and is reused. Never blocks; a request is bounded by the
 * engine's response timeout. Details: the issuer when UP; the error code and message when DOWN (the library's messages
 * name the endpoint and the problem, never a token or secret).
 */
final class LogtoHealthIndicator implements ReactiveHealthIndicator {

	private final Mono<Health> health;

	/**
	 * @param engine the engine whose Logto is checked
	 * @param timeToLive how long a result is reused
	 * @param scheduler the clock of the time to live
	 */
	LogtoHealthIndicator(LogtoEngine engine, Duration timeToLive, Scheduler scheduler) {
		Objects.requireNonNull(engine, "engine");
		this.health = Mono.defer(engine::checkDiscovery)
			.map(issuer -> Health.up().withDetail("issuer", issuer).build())
			.onErrorResume(error -> Mono.just(down(error)))
			.cache(timeToLive, scheduler);
	}

	static Health down(Throwable error) {
		if (error instanceof LogtoException logto) {
			return Health.down().withDetail("error", logto.code()).withDetail("message", String.valueOf(logto.getMessage())).build();
		}
		return Health.down().withDetail("error", error.getClass().getSimpleName()).build();
	}

	@Override
	public Mono<Health> health() {
		return this.health;
	}
}
