package io.github.logtoreactive.webflux;

import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.SignedInCookies;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.WebTestClientSignIn;
import io.github.logtoreactive.webflux.security.LogtoAuthenticationToken;
import io.github.logtoreactive.webflux.security.LogtoServerSecurityContextRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Security, the Logto session becomes the security context: {@code authorizeExchange} rules and the
 * principal work for users signed in with Logto.
 */
class SpringSecurityIntegrationTests {

	private LogtoTestServer server;

	@AfterEach
	void stop() {
		this.server.stop();
	}

	private WebTestClient securedApp(TestApp app) {
		SecurityWebFilterChain chain = ServerHttpSecurity.http()
			.securityContextRepository(new LogtoServerSecurityContextRepository())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.authorizeExchange(exchanges -> exchanges.pathMatchers("/admin").hasRole("admin").anyExchange().permitAll())
			.build();
		return app.withFilters(new WebFilterChainProxy(chain));
	}

	@Test
	void userWithLogtoRoleThenAuthorizedWithPrincipalFromClaims() {
		this.server = LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-1").build().start();
		TestApp app = new TestApp(this.server, null);
		SignedInCookies signedIn = WebTestClientSignIn.with(this.server).user("user-1").signIn(app.client);
		securedApp(app).get().uri("/admin").cookies(signedIn::applyTo).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).isEqualTo("admin:user-1");
	}

	@Test
	void userWithoutTheRoleThenForbidden() {
		this.server = LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-2").build().start();
		TestApp app = new TestApp(this.server, null);
		SignedInCookies signedIn = WebTestClientSignIn.with(this.server).user("user-2").signIn(app.client);
		securedApp(app).get().uri("/admin").cookies(signedIn::applyTo).exchange().expectStatus().isForbidden();
	}

	@Test
	void anonymousThenUnauthorized() {
		this.server = LogtoTestServer.builder().tenant(TestTenant.sample()).build().start();
		TestApp app = new TestApp(this.server, null);
		securedApp(app).get().uri("/admin").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void authenticationWhenSignedInThenCarriesRoleAndScopeAuthorities() {
		this.server = LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-1").build().start();
		TestApp app = new TestApp(this.server, null);
		SignedInCookies signedIn = WebTestClientSignIn.with(this.server).user("user-1").signIn(app.client);
		LogtoServerSecurityContextRepository repository = new LogtoServerSecurityContextRepository();
		WebTestClient client = app.withFilters((exchange, chain) -> repository.load(exchange)
			.doOnNext(context -> {
				LogtoAuthenticationToken token = (LogtoAuthenticationToken) context.getAuthentication();
				assertThat(token.getPrincipal().idTokenClaims().email()).isEqualTo("alice@example.com");
				assertThat(token.getAuthorities()).extracting(Object::toString)
					.contains("ROLE_admin", "SCOPE_openid");
			})
			.switchIfEmpty(reactor.core.publisher.Mono.error(new AssertionError("no security context was loaded")))
			.then(chain.filter(exchange))
			.contextWrite(ReactiveSecurityContextHolder.clearContext()));
		client.get().uri("/").cookies(signedIn::applyTo).exchange().expectStatus().isOk();
	}
}
