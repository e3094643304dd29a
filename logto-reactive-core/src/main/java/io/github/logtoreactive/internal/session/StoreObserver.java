package io.github.logtoreactive.internal.session;

import reactor.core.publisher.Mono;

/**
 * Observes a session store's operations: timing and outcome. {@link #NONE} observes nothing; the Micrometer
 * implementation lives in {@code internal.observation} and is loaded only when an application hands the store an
 * {@code ObservationRegistry}, so this type never needs Micrometer on the class path.
 */
public interface StoreObserver {

	/** Observes nothing. */
	StoreObserver NONE = new StoreObserver() {

		@Override
		public <T> Mono<T> observe(StoreOperation operation, Mono<T> command) {
			return command;
		}
	};

	/**
	 * @param operation what the command does
	 * @param command the command, lazy
	 * @param <T> what it produces
	 * @return the command, observed once per subscription, its signals unchanged
	 */
	<T> Mono<T> observe(StoreOperation operation, Mono<T> command);
}
