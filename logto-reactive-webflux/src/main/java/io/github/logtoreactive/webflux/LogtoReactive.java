package io.github.logtoreactive.webflux;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.NotAuthenticatedException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reaches the {@link LogtoClient} of the current exchange from anywhere in a reactive chain that runs under
 * {@link LogtoWebFilter}: through the Reactor {@code Context} ({@link #client()}) or the exchange
 * ({@link #client(ServerWebExchange)}). In annotated controllers, declare a {@code LogtoClient} method parameter
 * instead. Never blocks.
 *
 * <pre>{@code
 * Mono<String> orders = LogtoReactive.client()
 *     .flatMap(logto -> logto.getAccessToken("https://api.example.com"))
 *     .flatMap(token -> webClient.get().uri("/orders").headers(h -> h.setBearerAuth(token)).retrieve().bodyToMono(String.class));
 * }</pre>
 */
public final class LogtoReactive {

	/** The Reactor {@code Context} key (and exchange attribute) holding the exchange's {@link LogtoClient}. */
	public static final String CLIENT_KEY = LogtoClient.class.getName();

	private LogtoReactive() {
	}

	/**
	 * @return the current exchange's client, from the Reactor Context. Errors with
	 * {@link NotAuthenticatedException} when called outside a request handled by {@link LogtoWebFilter}
	 */
	public static Mono<LogtoClient> client() {
		return Mono.deferContextual(context -> context.<LogtoClient>getOrEmpty(CLIENT_KEY)
			.map(Mono::just)
			.orElseGet(() -> Mono.error(new NotAuthenticatedException(
					"no LogtoClient in the Reactor Context: the request did not pass through LogtoWebFilter"))));
	}

	/**
	 * @param exchange the exchange
	 * @return its client, or {@code null} when {@link LogtoWebFilter} did not handle it
	 */
	public static @Nullable LogtoClient client(ServerWebExchange exchange) {
		return exchange.getAttribute(CLIENT_KEY);
	}
}
