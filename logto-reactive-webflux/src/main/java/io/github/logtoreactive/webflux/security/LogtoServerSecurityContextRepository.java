package io.github.logtoreactive.webflux.security;

import java.util.ArrayList;
import java.util.List;

import io.github.logtoreactive.ContextOptions;
import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoContext;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.webflux.LogtoReactive;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A {@link ServerSecurityContextRepository} that reads the security context from the Logto session of the exchange
 * (set up by {@code LogtoWebFilter}, which runs before Spring Security's filters). Saving is a no-op: Logto's session
 * is the source of truth. Use it with {@code http.securityContextRepository(repository)}; the auto-configuration does
 * so for its default chain. Never blocks; a session that cannot be read yields no context.
 */
public final class LogtoServerSecurityContextRepository implements ServerSecurityContextRepository {

	@Override
	public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
		return Mono.empty();
	}

	@Override
	public Mono<SecurityContext> load(ServerWebExchange exchange) {
		LogtoClient client = LogtoReactive.client(exchange);
		if (client == null) {
			return Mono.empty();
		}
		return client.getContext(ContextOptions.defaults())
			.filter(LogtoContext::isAuthenticated)
			.map(context -> {
				IdTokenClaims claims = java.util.Objects.requireNonNull(context.claims());
				List<GrantedAuthority> authorities = new ArrayList<>();
				claims.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
				context.scopes().forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
				return (SecurityContext) new SecurityContextImpl(new LogtoAuthenticationToken(claims, authorities));
			})
			.onErrorResume(LogtoException.class, ex -> Mono.empty());
	}
}
