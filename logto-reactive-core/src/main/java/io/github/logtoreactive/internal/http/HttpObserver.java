package io.github.logtoreactive.internal.http;

import java.net.URI;
import java.util.function.Function;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;

/**
 * Observes the calls to Logto ({@link LogtoHttp}): timing, outcome and trace context. {@link #NONE} observes nothing;
 * the Micrometer implementation lives in {@code internal.observation} and is loaded only when an application hands
 * the engine an {@code ObservationRegistry}, so this type never needs Micrometer on the class path.
 */
public interface HttpObserver {

	/** Observes nothing: the call runs as it is. */
	HttpObserver NONE = new HttpObserver() {

		@Override
		public <T> Mono<T> observe(HttpCall call, URI uri, Function<Exchange, Mono<T>> exchange) {
			return Mono.defer(() -> exchange.apply(Exchange.NONE));
		}
	};

	/**
	 * Runs one call (lazily, once per subscription) under an observation that ends with the call's signal: its value,
	 * its error (whose {@code LogtoException} code is recorded) or its cancellation.
	 * @param call what is called
	 * @param uri where (no query holding secrets: Logto's endpoints take none)
	 * @param exchange sends the request with the headers {@link Exchange#addTraceHeaders} adds, reports the answer to
	 * {@link Exchange#answered}, and interprets it
	 * @param <T> what the call produces
	 * @return the call's outcome, unchanged
	 */
	<T> Mono<T> observe(HttpCall call, URI uri, Function<Exchange, Mono<T>> exchange);

	/**
	 * One observed call, seen from the code that sends it.
	 */
	interface Exchange {

		/** Nothing to add, nothing recorded. */
		Exchange NONE = new Exchange() {

			@Override
			public void addTraceHeaders(HttpHeaders headers) {
			}

			@Override
			public void answered(HttpResult result) {
			}
		};

		/**
		 * @param headers the request's headers, to which the trace context (e.g. W3C {@code traceparent}) is added
		 * when a tracer propagates one
		 */
		void addTraceHeaders(HttpHeaders headers);

		/**
		 * @param result Logto's answer, whatever its status
		 */
		void answered(HttpResult result);
	}
}
