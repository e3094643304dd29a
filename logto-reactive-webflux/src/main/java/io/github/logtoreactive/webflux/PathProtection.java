package io.github.logtoreactive.webflux;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.web.HttpAnswer;
import io.github.logtoreactive.web.LogtoRouteHandler;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * Which paths need a signed-in user and which tokens their routes need, in Spring's path-pattern syntax
 * ({@code /api/**}); the core's {@link LogtoRouteHandler#protect} decides what happens to such a request. A path
 * matched by no pattern costs nothing. Immutable; never blocks.
 */
final class PathProtection {

	private final List<PathPattern> protectedPaths;

	private final List<RouteTokenRule> routeTokens;

	private final LogtoRouteHandler handler;

	PathProtection(List<PathPattern> protectedPaths, List<RouteTokenRule> routeTokens, LogtoRouteHandler handler) {
		this.protectedPaths = List.copyOf(protectedPaths);
		this.routeTokens = List.copyOf(routeTokens);
		this.handler = handler;
	}

	/**
	 * @param exchange an exchange for none of Logto's routes
	 * @param chain the rest of the chain
	 * @param client the exchange's client
	 * @return the chain when the request may proceed, else the answer written instead
	 */
	Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain, LogtoClient client) {
		if (this.protectedPaths.isEmpty() && this.routeTokens.isEmpty()) {
			return chain.filter(exchange);
		}
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		boolean signInRequired = false;
		for (PathPattern pattern : this.protectedPaths) {
			if (pattern.matches(path)) {
				signInRequired = true;
				break;
			}
		}
		List<TokenKey> tokens = tokensFor(path);
		if (!signInRequired && tokens.isEmpty()) {
			return chain.filter(exchange);
		}
		Mono<HttpAnswer> decision = this.handler.protect(new ExchangeRequest(exchange), client, signInRequired, tokens);
		if (decision instanceof Callable<?> decided) {
			// decided during protect() without I/O (the usual signed-in request): no operator of our own
			HttpAnswer answer;
			try {
				answer = (HttpAnswer) decided.call();
			}
			catch (Exception ex) {
				return Mono.error(ex);
			}
			return answer == null ? chain.filter(exchange) : AnswerWriter.write(exchange.getResponse(), answer);
		}
		return decision
			.flatMap(answer -> AnswerWriter.write(exchange.getResponse(), answer).thenReturn(Boolean.TRUE))
			.defaultIfEmpty(Boolean.FALSE)
			.flatMap(answered -> answered ? Mono.empty() : chain.filter(exchange));
	}

	private List<TokenKey> tokensFor(PathContainer path) {
		List<TokenKey> tokens = List.of();
		for (RouteTokenRule rule : this.routeTokens) {
			if (rule.matches(path)) {
				if (tokens.isEmpty()) {
					tokens = new ArrayList<>();
				}
				tokens.addAll(rule.tokens());
			}
		}
		return tokens;
	}
}
