package io.github.logtoreactive.webflux.security;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.SignedInCookies;
import io.github.logtoreactive.test.WebTestClientSignIn;
import io.github.logtoreactive.webflux.SignInOptionsCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application with {@code spring-boot-starter-security} and no chain of its own gets the starter's chain:
 * Logto's session as the security context, sign-in for protected paths (browsers redirected, API clients 401 JSON),
 * never Spring's form login or a generated password; {@code @PreAuthorize} with roles and organization roles, and an
 * {@code OidcUser} principal.
 */
@Timeout(120)
@ExtendWith(OutputCaptureExtension.class)
class LogtoDefaultChainTests {

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
	@EnableReactiveMethodSecurity
	static class App {

		@Bean
		Handlers handlers() {
			return new Handlers();
		}
	}

	@RestController
	static class Handlers {

		@GetMapping("/")
		Mono<String> home() {
			return Mono.just("home");
		}

		@GetMapping("/dashboard")
		Mono<String> dashboard(@AuthenticationPrincipal OidcUser user) {
			return Mono.just("dashboard:" + user.getSubject());
		}

		@GetMapping("/me")
		Mono<Map<String, Object>> me(@AuthenticationPrincipal OidcUser user, Authentication authentication) {
			LogtoOidcUser logto = (LogtoOidcUser) user;
			return Mono.just(Map.of("sub", user.getSubject(), "email", user.getEmail(), "name", authentication.getName(),
					"idTokenParts", user.getIdToken().getTokenValue().split("\\.").length, "roles",
					logto.idTokenClaims().roles(), "authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList()));
		}

		@GetMapping("/admin")
		@PreAuthorize("hasRole('admin')")
		Mono<String> admin(Authentication authentication) {
			return Mono.just("admin:" + authentication.getName());
		}

		@GetMapping("/organizations/{id}/admin")
		@PreAuthorize("hasAuthority('ORG_' + #id + ':org-admin')")
		Mono<String> organizationAdmin(@PathVariable String id) {
			return Mono.just("organization-admin:" + id);
		}
	}

	private ReactiveWebApplicationContextRunner app() {
		return SecurityApps.signingIn(this.server.baseUrl())
			.withUserConfiguration(App.class)
			.withPropertyValues("logto.protected-paths=/dashboard/**");
	}

	private SignedInCookies signIn(WebTestClient client, String user) {
		return WebTestClientSignIn.with(this.server).user(user).signIn(client);
	}

	@Test
	void appWithoutOwnChainThenLogtoChainAndNoGeneratedUser(CapturedOutput output) {
		// only spring-boot-starter-security: without resource-server or OAuth2-client classes Boot would generate a user
		SecurityApps.signingIn(this.server.baseUrl())
			.withBean("home", RouterFunction.class,
					() -> RouterFunctions.route().GET("/", request -> ServerResponse.ok().bodyValue("home")).build())
			.withClassLoader(new FilteredClassLoader("org.springframework.security.oauth2.server.resource",
					"org.springframework.security.oauth2.client"))
			.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(SecurityWebFilterChain.class).hasBean("logtoSecurityWebFilterChain");
			assertThat(context).doesNotHaveBean(MapReactiveUserDetailsService.class);
			WebTestClient client = SecurityApps.client(context);
			client.get().uri("/login").accept(MediaType.TEXT_HTML).exchange().expectStatus().isNotFound();
			client.get().uri("/").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("home");
		});
		assertThat(output).doesNotContain("generated security password");
	}

	@Test
	void browserWhenSignedOutThenRedirectedToSignInFromTheChain() {
		app().run(context -> SecurityApps.client(context).get().uri("/admin?tab=1").accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus().isFound()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, "/logto/sign-in?postRedirectUri=%2Fadmin%3Ftab%3D1"));
	}

	@Test
	void apiClientWhenSignedOutThen401JsonFromTheChain() {
		app().run(context -> SecurityApps.client(context).get().uri("/admin").accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Logto realm=.*")
			.expectBody().jsonPath("$.error").isEqualTo("not_authenticated"));
	}

	@Test
	void protectedPathWhenSignedInThenPrincipalIsAnOidcUserWithLogtoClaims() {
		app().run(context -> {
			WebTestClient client = SecurityApps.client(context);
			SignedInCookies signedIn = signIn(client, "user-1");
			client.get().uri("/dashboard").cookies(signedIn::applyTo).exchange()
				.expectStatus().isOk().expectBody(String.class).isEqualTo("dashboard:user-1");
			Map<String, Object> me = client.get().uri("/me").cookies(signedIn::applyTo).exchange()
				.expectStatus().isOk()
				.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
				}).returnResult().getResponseBody();
			assertThat(me).containsEntry("sub", "user-1").containsEntry("email", "alice@example.com")
				.containsEntry("name", "user-1").containsEntry("idTokenParts", 3)
				.containsEntry("roles", List.of("admin"));
			@SuppressWarnings("unchecked")
			Collection<String> authorities = (Collection<String>) me.get("authorities");
			assertThat(authorities).contains("ROLE_admin", "ORG_org-1", "ORG_org-1:org-admin",
					"ORG_org-2:org-member", "SCOPE_openid");
		});
	}

	@Test
	void preAuthorizeWithGlobalRole() {
		app().run(context -> {
			WebTestClient client = SecurityApps.client(context);
			SignedInCookies admin = signIn(client, "user-1");
			client.get().uri("/admin").cookies(admin::applyTo).exchange()
				.expectStatus().isOk().expectBody(String.class).isEqualTo("admin:user-1");
			SignedInCookies viewer = signIn(client, "user-2");
			client.get().uri("/admin").cookies(viewer::applyTo).accept(MediaType.APPLICATION_JSON).exchange()
				.expectStatus().isForbidden()
				.expectBody().jsonPath("$.error").isEqualTo("access_denied").jsonPath("$.status").isEqualTo(403);
		});
	}

	@Test
	void preAuthorizeWithOrganizationRole() {
		app().run(context -> {
			WebTestClient client = SecurityApps.client(context);
			SignedInCookies alice = signIn(client, "user-1");
			client.get().uri("/organizations/org-1/admin").cookies(alice::applyTo).exchange()
				.expectStatus().isOk().expectBody(String.class).isEqualTo("organization-admin:org-1");
			client.get().uri("/organizations/org-2/admin").cookies(alice::applyTo).exchange()
				.expectStatus().isForbidden();
			SignedInCookies bob = signIn(client, "user-2");
			client.get().uri("/organizations/org-1/admin").cookies(bob::applyTo).exchange()
				.expectStatus().isForbidden();
		});
	}

	@Test
	void authoritiesMapperBeanReplacesTheDefaults() {
		app().withBean(LogtoAuthoritiesMapper.class,
				() -> (claims, scopes) -> List.of(new SimpleGrantedAuthority("ROLE_admin")))
			.run(context -> {
				WebTestClient client = SecurityApps.client(context);
				SignedInCookies viewer = signIn(client, "user-2");
				client.get().uri("/admin").cookies(viewer::applyTo).exchange()
					.expectStatus().isOk().expectBody(String.class).isEqualTo("admin:user-2");
			});
	}

	@Test
	void signInRouteTakesPromptInteractionModeAndOneTimeTokenAndCustomizers() {
		app().withBean(SignInOptionsCustomizer.class, () -> (exchange, options) -> options.uiLocales("fr-CA fr"))
			.run(context -> {
				WebTestClient client = SecurityApps.client(context);
				String location = client.get()
					.uri(URI.create(SecurityApps.BASE
							+ "/logto/sign-in?prompt=login%20consent&interactionMode=signUp&oneTimeToken=magic-123"))
					.exchange()
					.expectStatus().isFound()
					.returnResult(Void.class).getResponseHeaders().getFirst(HttpHeaders.LOCATION);
				assertThat(location).contains("prompt=login%20consent", "interaction_mode=signUp",
						"one_time_token=magic-123", "ui_locales=fr-CA%20fr");
				client.get().uri("/logto/sign-in?prompt=sometimes").accept(MediaType.APPLICATION_JSON).exchange()
					.expectStatus().isBadRequest()
					.expectBody().jsonPath("$.error").isEqualTo("invalid_sign_in_option");
			});
	}
}
