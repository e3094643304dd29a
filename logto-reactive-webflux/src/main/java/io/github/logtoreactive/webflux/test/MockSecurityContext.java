package io.github.logtoreactive.webflux.test;

import io.github.logtoreactive.webflux.security.LogtoAuthenticationToken;
import io.github.logtoreactive.webflux.security.LogtoAuthoritiesMapper;
import io.github.logtoreactive.webflux.security.LogtoOidcUser;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The Spring Security side of a mock user, in a class of its own so that it loads only when Spring Security is
 * present: a {@link LogtoAuthenticationToken} with the application's {@link LogtoAuthoritiesMapper} bean (or the
 * defaults).
 */
final class MockSecurityContext {

	private MockSecurityContext() {
	}

	static Mono<Void> with(Mono<Void> filtered, ServerWebExchange exchange, MockLogtoClient client) {
		ApplicationContext context = exchange.getApplicationContext();
		LogtoAuthoritiesMapper mapper = context == null ? LogtoAuthoritiesMapper.defaults()
				: context.getBeanProvider(LogtoAuthoritiesMapper.class).getIfAvailable(LogtoAuthoritiesMapper::defaults);
		LogtoOidcUser user = new LogtoOidcUser(client.idToken(), client.claims(),
				mapper.authorities(client.claims().claims(), client.scopes()));
		return filtered.contextWrite(
				ReactiveSecurityContextHolder.withSecurityContext(Mono.just(new SecurityContextImpl(new LogtoAuthenticationToken(user)))));
	}
}
