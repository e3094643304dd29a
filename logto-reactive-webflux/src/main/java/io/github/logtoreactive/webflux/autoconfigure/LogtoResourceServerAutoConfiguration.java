package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Clock;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSigningKeys;
import io.github.logtoreactive.webflux.LogtoSecurityResponses;
import io.github.logtoreactive.webflux.LogtoWebFilter;
import io.github.logtoreactive.webflux.security.LogtoAuthoritiesMapper;
import io.github.logtoreactive.webflux.security.LogtoJwtAuthenticationConverter;
import io.github.logtoreactive.webflux.security.LogtoJwtDecoders;
import io.github.logtoreactive.webflux.security.LogtoResourceServerSecurity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Auto-configuration of an API protected by Logto (with {@code spring-boot-starter-security-oauth2-resource-server}):
 * when {@code logto.resource-server.audiences} is set, a {@link ReactiveJwtDecoder} for Logto access tokens
 * ({@link LogtoJwtDecoders}: issuer {@code <logto.endpoint>/oidc}, {@code typ at+jwt}, the audiences, the
 * non-blocking key cache of the application's engine or, for an API without {@code logto.app-id}, one of its own), a
 * {@link LogtoJwtAuthenticationConverter} and a {@link LogtoResourceServerSecurity} for the security chain. Runs before
 * Spring Boot's resource-server auto-configuration, which then backs off. The access tokens' times are checked on the
 * one {@link Clock} the engine uses (the application's own {@code Clock} bean, else {@link Clock#systemUTC()}). Every
 * bean backs off when the application defines its own.
 */
@AutoConfiguration(after = LogtoReactiveAutoConfiguration.class, beforeName = {
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = { "io.github.logtoreactive.LogtoEngine",
		"org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder",
		"org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken",
		"org.springframework.security.config.web.server.ServerHttpSecurity" })
@Conditional(OnResourceServer.class)
@EnableConfigurationProperties({ LogtoProperties.class, LogtoResourceServerProperties.class })
@Import(LogtoClockConfiguration.class)
public class LogtoResourceServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LogtoSigningKeys logtoSigningKeys(LogtoProperties properties, ObjectProvider<LogtoEngine> engine, Clock clock) {
		LogtoEngine shared = engine.getIfAvailable();
		if (shared != null) {
			return LogtoSigningKeys.of(shared);
		}
		String endpoint = properties.getEndpoint();
		if (endpoint == null || endpoint.isBlank()) {
			throw new LogtoConfigurationException("logto.endpoint",
					"logto.endpoint is required with logto.resource-server.audiences: set it to your Logto endpoint, "
							+ "e.g. https://your-tenant.logto.app (the tokens' issuer is <endpoint>/oidc)");
		}
		return LogtoSigningKeys.builder(endpoint)
			.connectTimeout(properties.getConnectTimeout())
			.responseTimeout(properties.getResponseTimeout())
			.clock(clock)
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveJwtDecoder logtoJwtDecoder(LogtoSigningKeys keys, LogtoResourceServerProperties properties, Clock clock) {
		return LogtoJwtDecoders.builder(keys)
			.clock(clock)
			.audiences(properties.getAudiences())
			.organizationTokens(properties.isOrganizationTokens())
			.clockTolerance(properties.getClockTolerance())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	LogtoJwtAuthenticationConverter logtoJwtAuthenticationConverter(ObjectProvider<LogtoAuthoritiesMapper> authorities) {
		return new LogtoJwtAuthenticationConverter(authorities.getIfAvailable(LogtoAuthoritiesMapper::defaults));
	}

	@Bean
	@ConditionalOnMissingBean
	LogtoResourceServerSecurity logtoResourceServerSecurity(ReactiveJwtDecoder decoder,
			LogtoJwtAuthenticationConverter converter, ObjectProvider<LogtoWebFilter> filter) {
		LogtoWebFilter webFilter = filter.getIfAvailable();
		return LogtoResourceServerSecurity.of(decoder, converter,
				webFilter != null ? LogtoSecurityResponses.of(webFilter) : LogtoSecurityResponses.forBearerTokens());
	}
}
