package io.github.logtoreactive.webflux.security;

import java.util.Objects;

import io.github.logtoreactive.webflux.LogtoSecurityResponses;
import io.github.logtoreactive.webflux.LogtoWebFilter;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Adds Logto to a Spring Security chain of your own: the Logto session becomes the security context (a
 * {@link LogtoAuthenticationToken} whose principal is a {@link LogtoOidcUser}), requests that need a signed-in user
 * go to Logto's sign-in (browsers are redirected, API clients get 401 JSON), denied requests get 403 JSON, and Spring's
 * form login, HTTP Basic, logout route and request cache are left out: users sign in at {@code /logto/sign-in} and
 * out with {@code POST /logto/sign-out}, which {@code LogtoWebFilter} serves before the chain. Your authorization
 * rules stay yours. The Boot auto-configuration provides a bean; the default chain uses it too.
 *
 * <pre>{@code
 * @Bean
 * SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, LogtoSecurity logto) {
 *     return logto.applyTo(http)
 *         .authorizeExchange(exchanges -> exchanges
 *             .pathMatchers("/admin/**").hasRole("admin")
 *             .pathMatchers("/account/**").authenticated()
 *             .anyExchange().permitAll())
 *         .build();
 * }
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class LogtoSecurity {

	private final LogtoServerSecurityContextRepository repository;

	private final LogtoSecurityResponses responses;

	private LogtoSecurity(LogtoServerSecurityContextRepository repository, LogtoSecurityResponses responses) {
		this.repository = repository;
		this.responses = responses;
	}

	/**
	 * @param filter the application's filter (its sign-in route and error responses)
	 * @param authorities the authorities of signed-in users
	 * @return the configurer
	 */
	public static LogtoSecurity of(LogtoWebFilter filter, LogtoAuthoritiesMapper authorities) {
		return of(new LogtoServerSecurityContextRepository(authorities), LogtoSecurityResponses.of(filter));
	}

	/**
	 * @param repository the security context repository
	 * @param responses the answers to stopped requests
	 * @return the configurer
	 */
	public static LogtoSecurity of(LogtoServerSecurityContextRepository repository, LogtoSecurityResponses responses) {
		return new LogtoSecurity(Objects.requireNonNull(repository, "repository"),
				Objects.requireNonNull(responses, "responses"));
	}

	/**
	 * @param http the chain being built
	 * @return {@code http}, for chaining
	 */
	public ServerHttpSecurity applyTo(ServerHttpSecurity http) {
		return http.securityContextRepository(this.repository)
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(this.responses)
				.accessDeniedHandler(this.responses))
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()));
	}

	/**
	 * @return the answers to requests the chain stops (also for a resource server in the same chain)
	 */
	public LogtoSecurityResponses responses() {
		return this.responses;
	}

	/**
	 * @return the security context repository
	 */
	public LogtoServerSecurityContextRepository securityContextRepository() {
		return this.repository;
	}
}
