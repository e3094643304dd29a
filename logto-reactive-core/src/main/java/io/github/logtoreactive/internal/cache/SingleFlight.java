package io.github.logtoreactive.internal.cache;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Shares one in-flight call between concurrent callers: while a call runs, every caller of {@link #join} gets that
 * call's result; once it ends (value or error), the next caller starts a new one. Nothing is cached beyond the
 * in-flight call, so a failure is never kept. Thread-safe, lock-free, never blocks.
 *
 * @param <T> the result type
 * <p>
 * Public only because the internal discovery, jwt and token packages use it.
 */
public final class SingleFlight<T> {

	private final AtomicReference<@Nullable Mono<T>> inFlight = new AtomicReference<>();

	/**
	 * @param call starts the call; invoked at most once per flight, on subscription
	 * @return a lazy {@code Mono} that joins the running flight or starts one
	 */
	public Mono<T> join(Supplier<Mono<T>> call) {
		Objects.requireNonNull(call, "call");
		return Mono.defer(() -> {
			for (;;) {
				Mono<T> running = this.inFlight.get();
				if (running != null) {
					return running;
				}
				AtomicReference<@Nullable Mono<T>> self = new AtomicReference<>();
				Mono<T> flight = Mono.defer(call)
					.doOnTerminate(() -> this.inFlight.compareAndSet(self.get(), null))
					.cache();
				self.set(flight);
				if (this.inFlight.compareAndSet(null, flight)) {
					return flight;
				}
			}
		});
	}
}
