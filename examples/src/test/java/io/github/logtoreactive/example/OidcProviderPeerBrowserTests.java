package io.github.logtoreactive.example;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.TestWebApp;
import io.github.logtoreactive.test.peer.OidcProviderPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real headless Chromium against the example configured, through the {@code LOGTO_*} variables, for the real
 * {@code oidc-provider} npm peer (configured like Logto, with the test kit's sample tenant). Needs Node 20+ and
 * {@code npm ci} in {@code oidc-provider-peer/src/main/node} ({@code bin/test} runs it).
 */
@Timeout(240)
class OidcProviderPeerBrowserTests {

	private static final String API = "https://api.example.com";

	@Test
	void browserWhenSigningInGettingTokensAndSigningOutAgainstTheRealOidcProviderThenEachStepSucceeds() {
		int port = ExampleServer.freePort();
		String base = "http://localhost:" + port;
		TestWebApp app = TestWebApp.builder("example-web-app", "example-web-app-secret")
			.redirectUris(base + "/logto/callback")
			.postLogoutRedirectUris(base + "/")
			.build();
		try (OidcProviderPeer peer = OidcProviderPeer.builder()
			.tenant(TestTenant.sample().toBuilder().webApp(app).build())
			.build()
			.start()) {
			Map<String, String> variables = new LinkedHashMap<>();
			variables.put("server.port", Integer.toString(port));
			variables.put("LOGTO_ENDPOINT", peer.baseUrl());
			variables.put("LOGTO_APP_ID", "example-web-app");
			variables.put("LOGTO_APP_SECRET", "example-web-app-secret");
			variables.put("LOGTO_RESOURCES", API);
			variables.put("LOGTO_SCOPES", String.join(",", ExampleEnvironment.DEFAULT_SCOPES) + ",read,write");
			variables.put("LOGTO_M2M_APP_ID", "m2m-app");
			variables.put("LOGTO_M2M_APP_SECRET", "m2m-secret");
			try (ExampleServer example = ExampleServer.start(variables); Browser browser = Browser.start()) {
				BrowserFlow.signInGetTokensSignOut(browser, example.baseUrl, "user-1", "alice@example.com", API,
						"org-1");
				example.client().get().uri("/api/m2m").exchange()
					.expectStatus().isOk()
					.expectBody()
					.jsonPath("$.status").isEqualTo(200)
					.jsonPath("$.response.aud").isEqualTo(API)
					.jsonPath("$.response.clientId").isEqualTo("m2m-app");
			}
		}
	}
}
