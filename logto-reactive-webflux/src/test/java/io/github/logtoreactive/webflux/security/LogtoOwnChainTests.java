package io.github.logtoreactive.webflux.security;

import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.SignedInCookies;
import io.github.logtoreactive.test.WebTestClientSignIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with its own {@link SecurityWebFilterChain}: the starter's chain backs off, and one call,
 * {@link LogtoSecurity#applyTo}, adds Logto to the application's chain with the application's rules. And what the
 * auto-configuration does around the application's own security beans and a missing {@code oauth2-core}.
 */
@Timeout(120)
class LogtoOwnChainTests {

	private LogtoTestServer server;

	@BeforeEach
	void start() {
		this.server = LogtoTestServer.builder().tenant(TestTenant.sample()).build().start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnChain {

		@Bean
		SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, LogtoSecurity logto) {
			return logto.applyTo(http)
				.authorizeExchange(exchanges -> exchanges.pathMatchers("/admin/**").hasRole("admin")
					.pathMatchers("/account/**").authenticated()
					.anyExchange().permitAll())
				.build();
		}

		@Bean
		RouterFunction<ServerResponse> routes() {
			return RouterFunctions.route()
				.GET("/admin", request -> request.principal()
					.flatMap(principal -> ServerResponse.ok().bodyValue("admin:" + principal.getName())))
				.GET("/account", request -> request.principal()
					.cast(LogtoAuthenticationToken.class)
					.map(LogtoAuthenticationToken::getPrincipal)
					.flatMap((OidcUser user) -> ServerResponse.ok().bodyValue("account:" + user.getEmail())))
				.GET("/", request -> ServerResponse.ok().bodyValue("home"))
				.build();
		}
	}

	@Test
	void ownChainThenStarterChainBacksOffAndLogtoSecurityAddsLogto() {
		SecurityApps.signingIn(this.server.baseUrl()).withUserConfiguration(OwnChain.class).run(context -> {
			assertThat(context).hasNotFailed().hasSingleBean(SecurityWebFilterChain.class)
				.doesNotHaveBean("logtoSecurityWebFilterChain");
			WebTestClient client = SecurityApps.client(context);
			client.get().uri("/account").accept(MediaType.TEXT_HTML).exchange()
				.expectStatus().isFound()
				.expectHeader().valueEquals(HttpHeaders.LOCATION, "/logto/sign-in?postRedirectUri=%2Faccount");
			client.get().uri("/account").exchange().expectStatus().isUnauthorized()
				.expectBody().jsonPath("$.error").isEqualTo("not_authenticated");
			SignedInCookies bob = WebTestClientSignIn.with(this.server).user("user-2").signIn(client);
			client.get().uri("/account").cookies(bob::applyTo).exchange()
				.expectStatus().isOk().expectBody(String.class).isEqualTo("account:bob@example.com");
			client.get().uri("/admin").cookies(bob::applyTo).exchange()
				.expectStatus().isForbidden().expectBody().jsonPath("$.error").isEqualTo("access_denied");
			SignedInCookies alice = WebTestClientSignIn.with(this.server).user("user-1").signIn(client);
			client.get().uri("/admin").cookies(alice::applyTo).exchange()
				.expectStatus().isOk().expectBody(String.class).isEqualTo("admin:user-1");
		});
	}

	@Test
	void ownUserDetailsServiceThenNoPasswordRefusingManager() {
		SecurityApps.signingIn(this.server.baseUrl())
			.withBean(ReactiveUserDetailsService.class, () -> new MapReactiveUserDetailsService(
					User.withUsername("ops").password("{noop}ops-password").roles("ops").build()))
			.run(context -> {
				assertThat(context).hasNotFailed().hasSingleBean(ReactiveUserDetailsService.class);
				assertThat(context).doesNotHaveBean(ReactiveAuthenticationManager.class);
			});
	}

	@Test
	void withoutOauth2CoreThenStartupFailsNamingTheDependency() {
		SecurityApps.signingIn(this.server.baseUrl())
			.withClassLoader(new FilteredClassLoader("org.springframework.security.oauth2"))
			.run(context -> assertThat(context).hasFailed()
				.getFailure().rootCause().hasMessageContaining("spring-security-oauth2-core"));
	}

	@Test
	void withoutResourceServerSupportThenSessionChainOnly() {
		SecurityApps.signingIn(this.server.baseUrl())
			.withPropertyValues("logto.resource-server.audiences=https://api.example.com")
			.withClassLoader(new FilteredClassLoader(JwtAuthenticationToken.class))
			.run(context -> {
				assertThat(context).hasNotFailed().hasBean("logtoSecurityWebFilterChain");
				assertThat(context).doesNotHaveBean(ReactiveJwtDecoder.class);
				SecurityApps.client(context).get().uri("/logto/user").exchange().expectStatus().isOk();
			});
	}
}
