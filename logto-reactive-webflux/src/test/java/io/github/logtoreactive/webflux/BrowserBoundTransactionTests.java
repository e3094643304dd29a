package io.github.logtoreactive.webflux;

import java.net.URI;

import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.TestTenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sign-in transaction completes only in the browser that started it: its transaction cookie, copied or planted
 * into another browser (e.g. set from a sibling subdomain), does not sign that browser in.
 */
@Timeout(60)
class BrowserBoundTransactionTests {

	private LogtoTestServer server;

	private TestApp app;

	@BeforeEach
	void start() {
		this.server = LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-1").build().start();
		this.app = new TestApp(this.server, null);
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	/**
	 * Starts a sign-in in the app's browser (its jar) and completes it at Logto.
	 * @return the callback's path and query, as Logto redirects the browser to it
	 */
	private String signInUpToTheCallback() {
		EntityExchangeResult<byte[]> start = this.app.get("/logto/sign-in").exchange().expectStatus().isFound()
			.expectBody().returnResult();
		this.app.remember(start.getResponseCookies());
		URI authorization = start.getResponseHeaders().getLocation();
		URI callback = WebTestClient.bindToServer().build().get().uri(authorization).exchange()
			.expectStatus().is3xxRedirection()
			.returnResult(Void.class).getResponseHeaders().getLocation();
		return callback.getRawPath() + "?" + callback.getRawQuery();
	}

	@Test
	void callbackWhenTheTransactionCookieWasPlantedIntoAnotherBrowserThen400AndNobodySignedIn() {
		String callback = signInUpToTheCallback();
		String bindingName = "logto_bind";
		assertThat(this.app.jar).containsKey(bindingName);
		// The victim's browser holds the attacker's transaction cookie, but not the attacker's binding cookie: none,
		// or its own from a sign-in it started itself.
		this.app.jar.remove(bindingName);
		for (String victimBinding : new String[] { null, "Q".repeat(43) }) {
			if (victimBinding != null) {
				this.app.jar.put(bindingName, victimBinding);
			}
			EntityExchangeResult<byte[]> answer = this.app.get(callback).accept(MediaType.APPLICATION_JSON).exchange()
				.expectStatus().isBadRequest()
				.expectBody().jsonPath("$.error").isEqualTo("callback.state_mismatched")
				.returnResult();
			assertThat(answer.getResponseCookies()).doesNotContainKey("logto_session");
		}
	}

	@Test
	void callbackWhenInTheBrowserThatStartedTheSignInThenSignedIn() {
		String callback = signInUpToTheCallback();

		EntityExchangeResult<byte[]> answer = this.app.get(callback).exchange().expectStatus().isFound().expectBody()
			.returnResult();
		this.app.remember(answer.getResponseCookies());

		this.app.get("/logto/user").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.isAuthenticated").isEqualTo(true);
	}
}
