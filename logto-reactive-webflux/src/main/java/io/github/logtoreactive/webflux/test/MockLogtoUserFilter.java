package io.github.logtoreactive.webflux.test;

import java.util.function.Supplier;

import io.github.logtoreactive.webflux.LogtoReactive;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The first filter of a mock-user {@code WebTestClient}: binds the {@link MockLogtoClient} to the exchange and the
 * Reactor Context before {@code LogtoWebFilter} runs and, with Spring Security present, writes the user's security
 * context into the Reactor Context (Spring Security's chain keeps a context it finds there).
 */
final class MockLogtoUserFilter implements WebFilter {

	private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.core.context.ReactiveSecurityContextHolder", null)
			&& ClassUtils.isPresent("org.springframework.security.oauth2.core.oidc.user.OidcUser", null);

	private final Supplier<MockLogtoClient> clients;

	MockLogtoUserFilter(Supplier<MockLogtoClient> clients) {
		this.clients = clients;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		MockLogtoClient client = this.clients.get();
		exchange.getAttributes().put(LogtoReactive.CLIENT_KEY, client);
		Mono<Void> filtered = chain.filter(exchange);
		if (SECURITY_PRESENT) {
			filtered = MockSecurityContext.with(filtered, exchange, client);
		}
		return filtered.contextWrite(context -> context.put(LogtoReactive.CLIENT_KEY, client));
	}
}
