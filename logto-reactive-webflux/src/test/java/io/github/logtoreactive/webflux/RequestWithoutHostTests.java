package io.github.logtoreactive.webflux;

import java.util.List;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.web.SessionStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a configured base URL the redirect URI comes from the request; a request that names no host (a
 * {@code WebTestClient} bound to the application without a base URL) is refused naming {@code logto.base-url} instead
 * of sending Logto {@code redirect_uri=http://null/logto/callback}.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestWithoutHostTests {

	private LogtoTestServer server;

	private LogtoWebFilter filter;

	@BeforeEach
	void start() {
		this.server = LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-1").build().start();
		LogtoEngine engine = LogtoEngine.create(LogtoConfig.builder()
			.endpoint(this.server.baseUrl())
			.appId("test-app")
			.appSecret("test-secret")
			.build());
		CookieSecrets secrets = CookieSecrets.of("test-app", TestApp.SECRET);
		SessionCookieSettings settings = SessionCookieSettings.builder().secure(false).build();
		this.filter = LogtoWebFilter.builder(engine, SessionStorage.inCookies(SessionCookieCodec.create(secrets, settings),
				TransactionCookieCodec.create(secrets, settings)))
			.protectedPaths(List.of("/dashboard/**"))
			.build();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	private WebTestClient.Builder client() {
		return WebTestClient
			.bindToWebHandler(RouterFunctions.toWebHandler(RouterFunctions.route()
				.GET("/dashboard", request -> ServerResponse.ok().bodyValue("dashboard"))
				.build()))
			.webFilter(this.filter)
			.configureClient();
	}

	@Test
	void signInWithoutBaseUrlFromARequestWithoutHostAnswersAConfigurationErrorNamingLogtoBaseUrl(CapturedOutput output) {
		WebTestClient client = client().build();

		client.get().uri("/logto/sign-in").exchange()
			.expectStatus().isEqualTo(500)
			.expectHeader().doesNotExist("Location")
			.expectBody().jsonPath("$.error").isEqualTo("configuration.invalid");
		assertThat(output.getOut()).contains("names no host to build the redirect URI from")
			.contains("set logto.base-url");
	}

	@Test
	void signInWithoutBaseUrlTakesTheRedirectUriFromTheRequestsHost() {
		WebTestClient client = client().baseUrl("http://localhost:9090").build();

		String location = client.get().uri("/logto/sign-in").exchange()
			.expectStatus().isFound()
			.returnResult(Void.class).getResponseHeaders().getFirst("Location");
		assertThat(location).contains("redirect_uri=http%3A%2F%2Flocalhost%3A9090%2Flogto%2Fcallback");
	}

	@Test
	void protectedPathFromARequestWithoutHostStillAnswers401() {
		client().build().get().uri("/dashboard").exchange()
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error").isEqualTo("not_authenticated");
	}
}
