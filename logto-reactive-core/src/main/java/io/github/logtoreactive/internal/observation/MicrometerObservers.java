package io.github.logtoreactive.internal.observation;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.logtoreactive.internal.http.HttpCall;
import io.github.logtoreactive.internal.http.HttpObserver;
import io.github.logtoreactive.internal.session.StoreObserver;
import io.github.logtoreactive.internal.session.StoreOperation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The Micrometer implementations of {@link HttpObserver} and {@link StoreObserver}. Each observed operation is one
 * {@link Observation}: started at subscription, a child of the observation found in the Reactor context (as Spring
 * WebFlux and Reactor Netty put it there) or else of the registry's current one, stopped with the operation's signal,
 * and put into the operation's own Reactor context so that whatever it calls nests under it.
 */
public final class MicrometerObservers {

	/**
	 * The Reactor context key of the current observation, the value of Micrometer's
	 * {@code ObservationThreadLocalAccessor.KEY} (not referenced: that class needs context-propagation on the class
	 * path).
	 */
	static final String OBSERVATION_KEY = "micrometer.observation";

	private static final LogtoHttpObservationConvention HTTP_CONVENTION = new LogtoHttpObservationConvention();

	private static final SessionStoreObservationConvention STORE_CONVENTION = new SessionStoreObservationConvention();

	private MicrometerObservers() {
	}

	/**
	 * @param registry where observations go
	 * @return an observer of the calls to Logto; {@link HttpObserver#NONE} for a no-op registry
	 */
	public static HttpObserver http(ObservationRegistry registry) {
		Objects.requireNonNull(registry, "registry");
		if (registry.isNoop()) {
			return HttpObserver.NONE;
		}
		return new HttpObserver() {

			@Override
			public <T> Mono<T> observe(HttpCall call, URI uri, Function<Exchange, Mono<T>> exchange) {
				return Mono.deferContextual(view -> {
					LogtoHttpObservationContext context = new LogtoHttpObservationContext(call, uri);
					return observed(registry, view, () -> context, HTTP_CONVENTION,
							Mono.defer(() -> exchange.apply(context)), context::cancel);
				});
			}
		};
	}

	/**
	 * @param registry where observations go
	 * @return an observer of the Redis store's operations; {@link StoreObserver#NONE} for a no-op registry
	 */
	public static StoreObserver store(ObservationRegistry registry) {
		Objects.requireNonNull(registry, "registry");
		if (registry.isNoop()) {
			return StoreObserver.NONE;
		}
		return new StoreObserver() {

			@Override
			public <T> Mono<T> observe(StoreOperation operation, Mono<T> command) {
				return Mono.deferContextual(view -> {
					SessionStoreObservationContext context = new SessionStoreObservationContext(operation);
					return observed(registry, view, () -> context, STORE_CONVENTION,
							command.doOnNext(context::produced), context::cancel);
				});
			}
		};
	}

	/**
	 * Starts the observation, then runs the work in it; the observation stops before the work's signal goes on, so a
	 * caller that sees the outcome also sees it recorded.
	 */
	private static <C extends Observation.Context, T> Mono<T> observed(ObservationRegistry registry, ContextView view,
			Supplier<C> context, ObservationConvention<C> convention, Mono<T> work, Runnable onCancel) {
		Observation parent = view.getOrDefault(OBSERVATION_KEY, null);
		Observation observation = Observation.createNotStarted(null, convention, context, registry)
			.parentObservation(parent != null ? parent : registry.getCurrentObservation())
			.start();
		AtomicBoolean ended = new AtomicBoolean();
		return work.doOnSuccess(value -> {
			if (ended.compareAndSet(false, true)) {
				observation.stop();
			}
		}).doOnError(error -> {
			if (ended.compareAndSet(false, true)) {
				observation.error(error);
				observation.stop();
			}
		}).doOnCancel(() -> {
			if (ended.compareAndSet(false, true)) {
				onCancel.run();
				observation.stop();
			}
		}).contextWrite(c -> c.put(OBSERVATION_KEY, observation));
	}
}
