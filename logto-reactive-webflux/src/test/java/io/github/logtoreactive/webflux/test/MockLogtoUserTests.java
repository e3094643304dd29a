package io.github.logtoreactive.webflux.test;

import java.util.Map;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.OrganizationAccessException;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.webflux.LogtoReactive;
import io.github.logtoreactive.webflux.autoconfigure.LogtoClientArgumentResolverAutoConfiguration;
import io.github.logtoreactive.webflux.autoconfigure.LogtoReactiveAutoConfiguration;
import io.github.logtoreactive.webflux.autoconfigure.LogtoResourceServerAutoConfiguration;
import io.github.logtoreactive.webflux.autoconfigure.LogtoSecurityAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static io.github.logtoreactive.webflux.test.MockLogtoUser.mockLogtoUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A mock Logto user for a {@code WebTestClient} bound to the application: the {@code LogtoClient} argument, the filter's
 * protected paths, the security chain, {@code @AuthenticationPrincipal OidcUser} and {@code @PreAuthorize} all see
 * the mock user, with no Logto server.
 */
@Timeout(60)
class MockLogtoUserTests {

	private static final String API = "https://api.example.com";

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LogtoReactiveAutoConfiguration.class,
				LogtoClientArgumentResolverAutoConfiguration.class, LogtoResourceServerAutoConfiguration.class,
				LogtoSecurityAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class,
				ReactiveUserDetailsServiceAutoConfiguration.class, WebFluxAutoConfiguration.class,
				HttpHandlerAutoConfiguration.class, ErrorWebFluxAutoConfiguration.class, JacksonAutoConfiguration.class,
				CodecsAutoConfiguration.class))
		.withUserConfiguration(App.class);

	@Configuration(proxyBeanMethods = false)
	@EnableReactiveMethodSecurity
	static class App {

		@Bean
		Handlers handlers() {
			return new Handlers();
		}
	}

	@RestController
	static class Handlers {

		@GetMapping("/dashboard")
		Mono<Map<String, Object>> dashboard(LogtoClient client) {
			return client.getIdTokenClaims()
				.zipWith(client.getAccessTokenClaims(API))
				.map(both -> Map.of("sub", both.getT1().sub(), "email", String.valueOf(both.getT1().email()),
						"tokenAudience", both.getT2().aud().get(0)));
		}

		@GetMapping("/token")
		Mono<String> token() {
			return LogtoReactive.client().flatMap(client -> client.getAccessToken(API));
		}

		@GetMapping("/me")
		Mono<String> me(@AuthenticationPrincipal OidcUser user) {
			return Mono.just(user.getSubject() + ":" + user.getEmail());
		}

		@GetMapping("/organizations/{id}/admin")
		@PreAuthorize("hasAuthority('ORG_' + #id + ':admin')")
		Mono<String> organizationAdmin(@PathVariable String id) {
			return Mono.just("organization-admin:" + id);
		}
	}

	private ReactiveWebApplicationContextRunner signingIn() {
		return this.runner.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app",
				"logto.app-secret=secret", "logto.cookie.secret=kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA",
				"logto.protected-paths=/dashboard/**,/me/**");
	}

	private static WebTestClient client(org.springframework.context.ApplicationContext context) {
		return WebTestClient.bindToApplicationContext(context).build();
	}

	@Test
	void mockUserPassesProtectedPathsAndBindsTheClient() {
		signingIn().run(context -> {
			WebTestClient client = client(context);
			client.get().uri("/dashboard").exchange().expectStatus().isUnauthorized();
			client.mutateWith(mockLogtoUser("user-7").email("carol@example.com"))
				.get().uri("/dashboard").exchange()
				.expectStatus().isOk()
				.expectBody()
				.jsonPath("$.sub").isEqualTo("user-7")
				.jsonPath("$.email").isEqualTo("carol@example.com")
				.jsonPath("$.tokenAudience").isEqualTo(API);
			client.mutateWith(mockLogtoUser().accessToken(API, "given-token"))
				.get().uri("/token").exchange()
				.expectStatus().isOk().expectBody(String.class).isEqualTo("given-token");
		});
	}

	@Test
	void mockUserIsTheSecurityPrincipalWithOrganizationRoles() {
		signingIn().run(context -> {
			WebTestClient client = client(context);
			client.mutateWith(mockLogtoUser("user-7").email("carol@example.com"))
				.get().uri("/me").exchange()
				.expectStatus().isOk().expectBody(String.class).isEqualTo("user-7:carol@example.com");
			WebTestClient orgAdmin = client.mutateWith(mockLogtoUser().organizationRole("org-1", "admin"));
			orgAdmin.get().uri("/organizations/org-1/admin").exchange().expectStatus().isOk();
			orgAdmin.get().uri("/organizations/org-2/admin").exchange().expectStatus().isForbidden();
		});
	}

	@Test
	void mockUserWorksWithoutLogtoConfigurationInASliceLikeContext() {
		this.runner.run(context -> client(context).mutateWith(mockLogtoUser("user-9").roles("admin"))
			.get().uri("/dashboard").exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.sub").isEqualTo("user-9"));
	}

	@Test
	void mockClientAnswersLikeLogtoForOrganizations() {
		MockLogtoClient client = mockLogtoUser().organizationToken("org-1", "org-token").organizations("org-2").client();
		StepVerifier.create(client.getOrganizationToken("org-1")).expectNext("org-token").verifyComplete();
		StepVerifier.create(client.getOrganizationTokenClaims("org-2"))
			.assertNext(claims -> assertThat(claims.aud()).containsExactly("urn:logto:organization:org-2"))
			.verifyComplete();
		StepVerifier.create(client.getOrganizationToken("org-3")).expectError(OrganizationAccessException.class)
			.verify();
	}

	@Test
	void runningServerClientThenClearError() {
		LogtoTestServer server = LogtoTestServer.builder().tenant(TestTenant.sample()).build().start();
		try {
			WebTestClient client = WebTestClient.bindToServer().baseUrl(server.baseUrl()).build();
			assertThatThrownBy(() -> client.mutateWith(mockLogtoUser()))
				.isInstanceOf(IllegalStateException.class).hasMessageContaining("WebTestClientSignIn");
		}
		finally {
			server.stop();
		}
	}
}
