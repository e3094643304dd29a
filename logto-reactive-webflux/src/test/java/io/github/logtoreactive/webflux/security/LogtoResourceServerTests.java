package io.github.logtoreactive.webflux.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.SignedInCookies;
import io.github.logtoreactive.test.WebTestClientSignIn;
import io.github.logtoreactive.webflux.LogtoWebFilter;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An API protected by Logto through the auto-configured chain: {@code logto.endpoint} and
 * {@code logto.resource-server.audiences} only (no Logto application); and an application that signs users in and
 * also accepts access tokens in the same chain.
 */
@Timeout(120)
class LogtoResourceServerTests {

	private static final String API = "https://api.example.com";

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	FakeLogto logto;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, this.clock);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableReactiveMethodSecurity
	static class Api {

		@Bean
		ApiHandlers apiHandlers() {
			return new ApiHandlers();
		}
	}

	@RestController
	static class ApiHandlers {

		@GetMapping("/orders")
		Mono<String> orders(Authentication authentication) {
			String kind = authentication instanceof JwtAuthenticationToken ? "jwt" : "session";
			return Mono.just(kind + ":" + authentication.getName());
		}

		@GetMapping("/orders/write")
		@PreAuthorize("hasAuthority('SCOPE_write')")
		Mono<String> write() {
			return Mono.just("written");
		}

		@GetMapping("/organizations/{id}/reports")
		@PreAuthorize("hasAuthority('ORG_' + #id)")
		Mono<String> reports(@PathVariable String id, JwtAuthenticationToken authentication) {
			return Mono.just("reports:" + LogtoJwtAuthenticationConverter.organizationId(authentication.getToken()));
		}

		@GetMapping("/token")
		Mono<String> token(LogtoClient client) {
			return client.getAccessToken(API);
		}
	}

	private ReactiveWebApplicationContextRunner api() {
		return SecurityApps.runner()
			.withUserConfiguration(Api.class)
			.withPropertyValues("logto.endpoint=" + this.logto.endpoint(), "logto.resource-server.audiences=" + API,
					"logto.resource-server.organization-tokens=true",
					"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/unused");
	}

	private AccessTokens token() {
		return AccessTokens.of(this.logto.issuer(), API, FakeLogto.EC_KEY, this.clock.instant());
	}

	private static WebTestClient.ResponseSpec get(WebTestClient client, String path, String token) {
		return client.get().uri(path).headers(headers -> headers.setBearerAuth(token)).exchange();
	}

	private static void invalidToken(WebTestClient client, String token) {
		get(client, "/orders", token).expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
			.expectBody().jsonPath("$.error").isEqualTo("invalid_token");
	}

	@Test
	void apiWithoutApplicationThenDecoderAndChainButNoClientApp() {
		api().run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(LogtoEngine.class).doesNotHaveBean(LogtoWebFilter.class);
			assertThat(context).hasSingleBean(ReactiveJwtDecoder.class).hasBean("logtoJwtDecoder");
			assertThat(context).hasBean("logtoSecurityWebFilterChain");
		});
	}

	@Test
	void validTokenThen200AndMissingToken401Bearer() {
		api().run(context -> {
			WebTestClient client = SecurityApps.client(context);
			get(client, "/orders", token().sign()).expectStatus().isOk().expectBody(String.class)
				.isEqualTo("jwt:user-1");
			client.get().uri("/orders").exchange().expectStatus().isUnauthorized()
				.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
				.expectBody().jsonPath("$.error").isEqualTo("not_authenticated");
		});
	}

	@Test
	void refusedTokensThen401InvalidToken() {
		api().run(context -> {
			WebTestClient client = SecurityApps.client(context);
			invalidToken(client, token().claim("aud", "https://other.example.com").sign());
			invalidToken(client, token().claim("iss", "https://evil.example.com/oidc").sign());
			invalidToken(client, token().type(null).sign());
			long past = this.clock.instant().minusSeconds(3600).getEpochSecond();
			invalidToken(client, token().claim("iat", past - 3600).claim("exp", past).sign());
			invalidToken(client, token().key(FakeLogto.OTHER_EC_KEY).sign());
			invalidToken(client, "not.a.jwt");
		});
	}

	@Test
	void scopesAndOrganizationsReachTheRules() {
		api().run(context -> {
			WebTestClient client = SecurityApps.client(context);
			get(client, "/orders/write", token().sign()).expectStatus().isOk();
			get(client, "/orders/write", token().claim("scope", "read").sign()).expectStatus().isForbidden()
				.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"")
				.expectBody().jsonPath("$.error").isEqualTo("insufficient_scope");
			String organizationToken = token().claim("aud", "urn:logto:organization:org-1").claim("scope", "").sign();
			get(client, "/organizations/org-1/reports", organizationToken).expectStatus().isOk()
				.expectBody(String.class).isEqualTo("reports:org-1");
			get(client, "/organizations/org-2/reports", organizationToken).expectStatus().isForbidden();
			String organizationApiToken = token().claim("organization_id", "org-2").sign();
			get(client, "/organizations/org-2/reports", organizationApiToken).expectStatus().isOk()
				.expectBody(String.class).isEqualTo("reports:org-2");
		});
	}

	@Test
	void applicationClockThenAccessTokenTimesAreCheckedOnIt() {
		Instant issued = this.clock.instant().minus(Duration.ofHours(3));
		TestClock applicationClock = new TestClock(issued.plusSeconds(60));
		api().withBean(Clock.class, () -> applicationClock).run(context -> {
			WebTestClient client = SecurityApps.client(context);
			String token = AccessTokens.of(this.logto.issuer(), API, FakeLogto.EC_KEY, issued).sign();
			get(client, "/orders", token).expectStatus().isOk();

			applicationClock.advance(Duration.ofHours(2));
			invalidToken(client, token);
		});
	}

	@Test
	void keysUnreachableThen502NeverA500() {
		this.logto.jwksHandler = request -> new MockResponse.Builder().code(503).build();
		api().run(context -> get(SecurityApps.client(context), "/orders", token().sign())
			.expectStatus().isEqualTo(502)
			.expectBody().jsonPath("$.status").isEqualTo(502));
	}

	@Test
	void applicationSigningUsersInAlsoAcceptsItsApiTokens() {
		LogtoTestServer tenant = LogtoTestServer.builder().tenant(TestTenant.sample()).build().start();
		try {
			SecurityApps.signingIn(tenant.baseUrl())
				.withUserConfiguration(Api.class)
				.withPropertyValues("logto.resources=" + API, "logto.resource-server.audiences=" + API)
				.run(context -> {
					assertThat(context).hasNotFailed().hasSingleBean(LogtoEngine.class);
					WebTestClient client = SecurityApps.client(context);
					SignedInCookies signedIn = WebTestClientSignIn.with(tenant).user("user-2").signIn(client);
					String token = client.get().uri("/token").cookies(signedIn::applyTo).exchange()
						.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
					get(client, "/orders", token).expectStatus().isOk().expectBody(String.class)
						.isEqualTo("jwt:user-2");
					client.get().uri("/orders").cookies(signedIn::applyTo).exchange().expectStatus().isOk()
						.expectBody(String.class).isEqualTo("session:user-2");
					get(client, "/orders", token.substring(0, token.lastIndexOf('.')) + ".AAAA").expectStatus().isUnauthorized()
						.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
				});
		}
		finally {
			tenant.stop();
		}
	}
}
