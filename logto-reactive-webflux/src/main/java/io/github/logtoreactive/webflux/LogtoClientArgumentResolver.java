package io.github.logtoreactive.webflux;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.NotAuthenticatedException;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Resolves controller method parameters of type {@link LogtoClient} to the exchange's client. Registered by the
 * auto-configuration; register it yourself through {@code WebFluxConfigurer#configureArgumentResolvers} otherwise.
 * Errors with {@link NotAuthenticatedException} when {@link LogtoWebFilter} did not handle the exchange. Never blocks.
 */
public final class LogtoClientArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return LogtoClient.class.equals(parameter.getParameterType());
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		LogtoClient client = LogtoReactive.client(exchange);
		if (client == null) {
			return Mono.error(new NotAuthenticatedException(
					"no LogtoClient for this exchange: is LogtoWebFilter registered?"));
		}
		return Mono.just(client);
	}
}
