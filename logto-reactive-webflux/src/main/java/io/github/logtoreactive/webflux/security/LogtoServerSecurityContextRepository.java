package io.github.logtoreactive.webflux.security;

import java.util.Objects;

import io.github.logtoreactive.ContextOptions;
import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoContext;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.webflux.LogtoReactive;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A {@link ServerSecurityContextRepository} that reads the security context from the Logto session of the exchange
 * (set up by {@code LogtoWebFilter}, which runs before Spring Security's filters): a {@link LogtoAuthenticationToken}
 * whose principal is a {@link LogtoOidcUser} and whose authorities come from a {@link LogtoAuthoritiesMapper}. Saving
 * is a no-op: Logto's session is the source of truth. {@link LogtoSecurity#applyTo} and the Boot auto-configuration's
 * default chain use it. Never blocks; a session that cannot be read yields no context.
 */
public final class LogtoServerSecurityContextRepository implements ServerSecurityContextRepository {

	private final LogtoAuthoritiesMapper authorities;

	/**
	 * A repository with {@link LogtoAuthoritiesMapper#defaults()}.
	 */
	public LogtoServerSecurityContextRepository() {
		this(LogtoAuthoritiesMapper.defaults());
	}

	/**
	 * @param authorities maps the ID-token claims and granted scopes to authorities
	 */
	public LogtoServerSecurityContextRepository(LogtoAuthoritiesMapper authorities) {
		this.authorities = Objects.requireNonNull(authorities, "authorities");
	}

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
			.flatMap(context -> client.getIdToken().map(idToken -> {
				IdTokenClaims claims = Objects.requireNonNull(context.claims());
				LogtoOidcUser user = new LogtoOidcUser(idToken, claims,
						this.authorities.authorities(claims.claims(), context.scopes()));
				return (SecurityContext) new SecurityContextImpl(new LogtoAuthenticationToken(user));
			}))
			.onErrorResume(LogtoException.class, ex -> Mono.empty());
	}
}
