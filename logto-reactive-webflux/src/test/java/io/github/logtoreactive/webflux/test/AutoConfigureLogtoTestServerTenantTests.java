package io.github.logtoreactive.webflux.test;

import java.util.Map;

import io.github.logtoreactive.AccessTokenClaims;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.test.AutoConfigureLogtoTestServer;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.SignedInCookies;
import io.github.logtoreactive.test.WebTestClientSignIn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @AutoConfigureLogtoTestServer} serves the application as it is configured: its app id, its base URL (the
 * redirect URI), its own API resource with its scopes, granted to alice and not to bob; no {@code test-app}, no fixed
 * redirect URI.
 */
@SpringBootTest(classes = AutoConfigureLogtoTestServerTenantTests.ShopApp.class, properties = {
		"logto.app-id=shop", "logto.base-url=http://localhost:9000",
		"logto.resources=" + AutoConfigureLogtoTestServerTenantTests.SHOPPING,
		"logto.scopes=email, shopping:read, shopping:write" })
@AutoConfigureWebTestClient
@AutoConfigureLogtoTestServer
class AutoConfigureLogtoTestServerTenantTests {

	static final String SHOPPING = "https://shopping.your-app.com/api";

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TokenController.class)
	static class ShopApp {

	}

	@RestController
	static class TokenController {

		@GetMapping("/token")
		Mono<AccessTokenClaims> token(LogtoClient logto) {
			return logto.getAccessTokenClaims(SHOPPING);
		}
	}

	@Autowired
	WebTestClient client;

	@Autowired
	LogtoTestServer logto;

	@Test
	void serverServesTheApplicationsAppIdAndRedirectUri() {
		assertThat(this.logto.tenant().webApps()).containsOnlyKeys("shop");
		assertThat(this.logto.tenant().webApps().get("shop").redirectUris())
			.containsExactly("http://localhost:9000/logto/callback");
	}

	@Test
	void aliceGetsATokenForTheApplicationsOwnResourceWithItsScopes() {
		SignedInCookies alice = WebTestClientSignIn.with(this.logto).user("user-1").signIn(this.client);

		this.client.get().uri("/token").cookies(alice::applyTo).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.aud").isEqualTo(SHOPPING)
			.jsonPath("$.scope").isEqualTo("shopping:read shopping:write")
			.jsonPath("$.client_id").isEqualTo("shop");
	}

	@Test
	void bobsTokenForTheApplicationsOwnResourceCarriesNoScope() {
		SignedInCookies bob = WebTestClientSignIn.with(this.logto).user("user-2").signIn(this.client);

		Map<String, Object> claims = this.client.get().uri("/token").cookies(bob::applyTo).exchange()
			.expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			}).returnResult().getResponseBody();
		assertThat(claims).containsEntry("aud", SHOPPING);
		assertThat((String) claims.get("scope")).isNullOrEmpty();
	}
}
