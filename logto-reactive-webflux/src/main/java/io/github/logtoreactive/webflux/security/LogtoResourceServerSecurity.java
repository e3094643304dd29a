package io.github.logtoreactive.webflux.security;

import java.util.Objects;

import io.github.logtoreactive.webflux.LogtoSecurityResponses;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Adds Logto access tokens to a Spring Security chain: a request with {@code Authorization: Bearer <token>} is
 * authenticated with the token (validated by a {@link LogtoJwtDecoders} decoder, authorities from
 * {@link LogtoJwtAuthenticationConverter}); a refused token gets 401 {@code invalid_token}, a token without the needed
 * authority 403 {@code insufficient_scope} ({@link LogtoSecurityResponses}). Requests without a bearer token are left
 * to the rest of the chain (e.g. a Logto session). Needs {@code spring-security-oauth2-resource-server}; the Boot
 * auto-configuration provides a bean when {@code logto.resource-server.audiences} is set.
 *
 * <pre>{@code
 * @Bean
 * SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, LogtoResourceServerSecurity logtoApi) {
 *     return logtoApi.applyTo(http)
 *         .csrf(ServerHttpSecurity.CsrfSpec::disable)
 *         .authorizeExchange(exchanges -> exchanges
 *             .pathMatchers(HttpMethod.POST, "/orders/**").hasAuthority("SCOPE_write")
 *             .anyExchange().authenticated())
 *         .build();
 * }
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class LogtoResourceServerSecurity {

	private final ReactiveJwtDecoder decoder;

	private final LogtoJwtAuthenticationConverter converter;

	private final LogtoSecurityResponses responses;

	private LogtoResourceServerSecurity(ReactiveJwtDecoder decoder, LogtoJwtAuthenticationConverter converter,
			LogtoSecurityResponses responses) {
		this.decoder = decoder;
		this.converter = converter;
		this.responses = responses;
	}

	/**
	 * @param decoder validates the tokens (see {@link LogtoJwtDecoders})
	 * @param converter turns a valid token into an authentication
	 * @param responses answers refused requests ({@link LogtoSecurityResponses#forBearerTokens()} for an API that
	 * signs nobody in)
	 * @return the configurer
	 */
	public static LogtoResourceServerSecurity of(ReactiveJwtDecoder decoder, LogtoJwtAuthenticationConverter converter,
			LogtoSecurityResponses responses) {
		return new LogtoResourceServerSecurity(Objects.requireNonNull(decoder, "decoder"),
				Objects.requireNonNull(converter, "converter"), Objects.requireNonNull(responses, "responses"));
	}

	/**
	 * @param http the chain being built
	 * @return {@code http}, for chaining
	 */
	public ServerHttpSecurity applyTo(ServerHttpSecurity http) {
		return http.oauth2ResourceServer(resourceServer -> resourceServer
			.jwt(jwt -> jwt.jwtDecoder(this.decoder).jwtAuthenticationConverter(this.converter))
			.authenticationEntryPoint(this.responses)
			.accessDeniedHandler(this.responses)
			.authenticationFailureHandler(this.responses));
	}

	/**
	 * @return the token decoder
	 */
	public ReactiveJwtDecoder decoder() {
		return this.decoder;
	}

	/**
	 * @return the answers to refused requests
	 */
	public LogtoSecurityResponses responses() {
		return this.responses;
	}
}
