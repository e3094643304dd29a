package io.github.logtoreactive.webflux.autoconfigure;

import java.util.List;
import java.util.Objects;

import io.github.logtoreactive.webflux.LogtoSecurityResponses;
import io.github.logtoreactive.webflux.LogtoWebFilter;
import io.github.logtoreactive.webflux.security.LogtoResourceServerSecurity;
import io.github.logtoreactive.webflux.security.LogtoSecurity;
import io.github.logtoreactive.webflux.security.LogtoServerSecurityContextRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import reactor.core.publisher.Mono;

/**
 * Spring Security with Logto, for applications with {@code spring-boot-starter-security}: a {@link LogtoSecurity} to
 * add Logto to a chain of the application's own and, when the application defines no {@link SecurityWebFilterChain},
 * a default chain:
 * <ul>
 * <li>an application that signs users in: the Logto session is the security context, {@code logto.protected-paths}
 * need a signed-in user (browsers are redirected to sign-in, API clients get 401 JSON), every other path is open;
 * with {@code logto.resource-server.*} also set, requests with a Logto access token as bearer token are authenticated
 * with it;</li>
 * <li>an API that only validates access tokens ({@code logto.resource-server.*} without {@code logto.app-id}): every
 * request needs a valid bearer token, stateless, no CSRF.</li>
 * </ul>
 * Never Spring's form login, HTTP Basic or generated password: a {@link ReactiveAuthenticationManager} refusing
 * passwords stands in for Spring Boot's generated user, unless the application defines its own manager or
 * {@link ReactiveUserDetailsService}. Runs before Spring Boot's reactive security auto-configuration.
 */
@AutoConfiguration(after = { LogtoReactiveAutoConfiguration.class, LogtoResourceServerAutoConfiguration.class },
		beforeName = { "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
				"org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = "org.springframework.security.config.web.server.ServerHttpSecurity")
public class LogtoSecurityAutoConfiguration {

	/**
	 * Spring Security with {@code spring-security-oauth2-core} (the principal is an {@code OidcUser}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.oauth2.core.oidc.user.OidcUser")
	static class LogtoChainConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(LogtoWebFilter.class)
		LogtoSecurity logtoSecurity(LogtoServerSecurityContextRepository repository, LogtoWebFilter filter) {
			return LogtoSecurity.of(repository, LogtoSecurityResponses.of(filter));
		}

		@Bean
		@ConditionalOnMissingBean({ ReactiveAuthenticationManager.class, ReactiveUserDetailsService.class })
		@Conditional(OnLogtoSecurity.class)
		ReactiveAuthenticationManager logtoPasswordRefusingAuthenticationManager() {
			return authentication -> Mono.error(new BadCredentialsException(
					"users sign in with Logto (/logto/sign-in), not with a password"));
		}

		@Bean
		@ConditionalOnMissingBean(SecurityWebFilterChain.class)
		@Conditional(OnLogtoSecurity.class)
		SecurityWebFilterChain logtoSecurityWebFilterChain(ServerHttpSecurity http, ObjectProvider<LogtoSecurity> logto,
				ObjectProvider<LogtoResourceServerSecurity> resourceServer, ObjectProvider<LogtoProperties> properties) {
			return LogtoDefaultChain.build(http, logto.getIfAvailable(), resourceServer.getIfAvailable(),
					properties.getIfAvailable(LogtoProperties::new).getProtectedPaths());
		}
	}

	/**
	 * Spring Security without {@code spring-security-oauth2-core}: fail at startup rather than fall back to Spring
	 * Boot's form login and generated password.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.security.oauth2.core.oidc.user.OidcUser")
	@ConditionalOnBean(LogtoWebFilter.class)
	static class MissingOAuth2CoreConfiguration {

		MissingOAuth2CoreConfiguration() {
			throw new IllegalStateException("Spring Security is on the classpath but spring-security-oauth2-core is "
					+ "not: add org.springframework.security:spring-security-oauth2-core so that logto-reactive can "
					+ "provide the security chain (its principal is an OidcUser)");
		}
	}

	/**
	 * Builds the default chain. A separate class so that the resource-server types load only when present.
	 */
	static final class LogtoDefaultChain {

		private LogtoDefaultChain() {
		}

		static SecurityWebFilterChain build(ServerHttpSecurity http, @Nullable LogtoSecurity logto,
				@Nullable LogtoResourceServerSecurity resourceServer, List<String> protectedPaths) {
			if (logto != null) {
				logto.applyTo(http);
			}
			else {
				// an API that signs nobody in: stateless, bearer tokens only
				LogtoSecurityResponses responses = Objects.requireNonNull(resourceServer, "resourceServer").responses();
				http.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
					.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(responses)
						.accessDeniedHandler(responses))
					.csrf(ServerHttpSecurity.CsrfSpec::disable)
					.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
					.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
					.logout(ServerHttpSecurity.LogoutSpec::disable);
			}
			if (resourceServer != null) {
				resourceServer.applyTo(http);
			}
			return http.authorizeExchange(exchanges -> {
				protectedPaths.forEach(path -> exchanges.pathMatchers(path).authenticated());
				if (logto != null) {
					exchanges.anyExchange().permitAll();
				}
				else {
					exchanges.anyExchange().authenticated();
				}
			}).build();
		}
	}
}
