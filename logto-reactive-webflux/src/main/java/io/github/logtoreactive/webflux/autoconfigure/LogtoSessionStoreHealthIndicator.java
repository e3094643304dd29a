package io.github.logtoreactive.webflux.autoconfigure;

import java.util.Objects;

import io.github.logtoreactive.store.RedisSessionStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * The {@code logtoSessionStore} health indicator: UP when the Redis session store's connection answers a
 * {@code PING} within {@code logto.session.redis-timeout} ({@link RedisSessionStore#ping()}), DOWN otherwise, with the
 * error code and message (never the Redis URL, which may hold a password). Never blocks.
 */
final class LogtoSessionStoreHealthIndicator implements ReactiveHealthIndicator {

	private final RedisSessionStore store;

	LogtoSessionStoreHealthIndicator(RedisSessionStore store) {
		this.store = Objects.requireNonNull(store, "store");
	}

	@Override
	public Mono<Health> health() {
		return this.store.ping()
			.then(Mono.fromSupplier(() -> Health.up().withDetail("store", "redis").build()))
			.onErrorResume(error -> Mono.just(LogtoHealthIndicator.down(error)));
	}
}
