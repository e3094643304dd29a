package io.github.logtoreactive.test;

import static io.github.logtoreactive.test.OidcFlows.API;
import static io.github.logtoreactive.test.OidcFlows.CLIENT_ID;
import static io.github.logtoreactive.test.OidcFlows.REDIRECT_URI;
import static io.github.logtoreactive.test.OidcFlows.VERIFIER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import io.github.logtoreactive.support.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

@Timeout(30)
class AuthorizationCodeFlowTests {

	@RegisterExtension
	static LogtoTestServerExtension logto = LogtoTestServerExtension
		.of(LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-1"));

	@Test
	void authorizeWhenAutoLoginThenRedirectsWithCodeStateAndIss() {
		LogtoTestServer server = logto.server();
		StepVerifier.create(TestHttp.get(OidcFlows.authorizationUrl(server, "openid profile"), Map.of()))
			.assertNext((reply) -> {
				assertThat(reply.status()).isEqualTo(303);
				assertThat(reply.location()).startsWith(REDIRECT_URI + "?code=");
				assertThat(reply.locationParameters()).containsEntry("state", "state-1")
					.containsEntry("iss", server.issuer())
					.containsKey("code");
				assertThat(reply.cookie("_session")).isNotBlank();
			})
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void exchangeCodeWhenVerifierMatchesThenIssuesOpaqueAccessTokenRefreshTokenAndIdToken() {
		LogtoTestServer server = logto.server();
		String code = OidcFlows.code(server, "openid offline_access profile email", "nonce", "n-1");

		TestHttp.Reply reply = OidcFlows.exchangeCode(server, code, VERIFIER);

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.headers().get("Cache-Control")).isEqualTo("no-store");
		Map<String, Object> body = reply.json();
		assertThat(body.keySet()).containsExactly("access_token", "expires_in", "id_token", "refresh_token", "scope",
				"token_type");
		assertThat((String) body.get("access_token")).hasSizeGreaterThanOrEqualTo(43).doesNotContain(".");
		assertThat(body).containsEntry("expires_in", 3600L)
			.containsEntry("scope", "openid offline_access profile email")
			.containsEntry("token_type", "Bearer");
		SignedJWT idToken = OidcFlows.jwt(body.get("id_token"));
		assertThat(idToken.getHeader().toJSONObject()).containsOnlyKeys("alg", "kid").containsEntry("alg", "ES384");
		Map<String, Object> claims = OidcFlows.claims(body.get("id_token"));
		assertThat(claims).containsEntry("iss", server.issuer())
			.containsEntry("sub", "user-1")
			.containsEntry("aud", CLIENT_ID)
			.containsEntry("nonce", "n-1")
			.containsEntry("email", "alice@example.com")
			.containsEntry("email_verified", true)
			.containsEntry("username", "alice")
			.containsKeys("sid", "iat", "exp", "created_at", "updated_at")
			.doesNotContainKey("at_hash");
		assertThat(claims.get("created_at")).isEqualTo(TestUser.DEFAULT_TIMESTAMP.toEpochMilli());
	}

	@Test
	void authorizeWhenPromptLacksConsentThenOfflineAccessIsStrippedAndNoRefreshToken() {
		LogtoTestServer server = logto.server();
		String url = OidcFlows.authorizationUrl(server, "openid offline_access").replace("prompt=consent", "prompt=login");
		String code = TestHttp.getNow(url).locationParameters().get("code");

		Map<String, Object> body = OidcFlows.exchangeCode(server, code, VERIFIER).json();

		assertThat(body).doesNotContainKey("refresh_token").containsEntry("scope", "openid");
	}

	@Test
	void exchangeCodeWhenVerifierIsWrongThenInvalidGrant() {
		LogtoTestServer server = logto.server();
		String code = OidcFlows.code(server, "openid");

		TestHttp.Reply reply = OidcFlows.exchangeCode(server, code, VERIFIER + "x");

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.body()).isEqualTo("{\"code\":\"oidc.invalid_grant\",\"message\":\"Grant request is invalid.\","
				+ "\"error_uri\":\"https://openid.sh/debug/invalid_grant\",\"error\":\"invalid_grant\","
				+ "\"error_description\":\"grant request is invalid\"}");
	}

	@Test
	void exchangeCodeWhenChallengeWasSentButVerifierIsMissingThenInvalidGrant() {
		LogtoTestServer server = logto.server();
		String code = OidcFlows.code(server, "openid");

		TestHttp.Reply reply = OidcFlows.exchangeCode(server, code, null);

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.json()).containsEntry("error", "invalid_grant");
	}

	@Test
	void exchangeCodeWhenNoChallengeWasSentThenPkceIsOptionalForConfidentialClient() {
		LogtoTestServer server = logto.server();
		String url = server.issuer() + "/auth?" + TestHttp.form("client_id", CLIENT_ID, "redirect_uri", REDIRECT_URI,
				"response_type", "code", "scope", "openid");
		String code = TestHttp.getNow(url).locationParameters().get("code");

		assertThat(OidcFlows.exchangeCode(server, code, null).status()).isEqualTo(200);
	}

	@Test
	void exchangeCodeWhenCodeIsReusedThenInvalidGrantAndTheGrantIsRevoked() {
		LogtoTestServer server = logto.server();
		String code = OidcFlows.code(server, "openid offline_access");
		Map<String, Object> first = OidcFlows.exchangeCode(server, code, VERIFIER).json();

		TestHttp.Reply reuse = OidcFlows.exchangeCode(server, code, VERIFIER);

		assertThat(reuse.json()).containsEntry("error", "invalid_grant");
		assertThat(OidcFlows.refresh(server, (String) first.get("refresh_token")).json())
			.as("the refresh token of the grant died with it")
			.containsEntry("error", "invalid_grant");
		assertThat(TestHttp.getNow(server.issuer() + "/me", TestHttp.bearer((String) first.get("access_token")))
			.status()).isEqualTo(401);
	}

	@Test
	void exchangeCodeWhenExpiredAfterSixtySecondsThenInvalidGrant() {
		MutableClock clock = MutableClock.startingNow();
		try (LogtoTestServer server = LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-1")
			.clock(clock).build().start()) {
			String code = OidcFlows.code(server, "openid");
			clock.advance(Duration.ofSeconds(61));

			assertThat(OidcFlows.exchangeCode(server, code, VERIFIER).json()).containsEntry("error", "invalid_grant");
		}
	}

	@Test
	void authorizeWhenChallengeMethodIsPlainThenErrorIsRedirectedWithIss() {
		LogtoTestServer server = logto.server();
		String url = OidcFlows.authorizationUrl(server, "openid").replace("code_challenge_method=S256",
				"code_challenge_method=plain");

		TestHttp.Reply reply = TestHttp.getNow(url);

		assertThat(reply.status()).isEqualTo(303);
		assertThat(reply.locationParameters()).containsExactly(Map.entry("error", "invalid_request"),
				Map.entry("error_description", "not supported value of code_challenge_method"),
				Map.entry("state", "state-1"), Map.entry("iss", server.issuer()));
	}

	@Test
	void authorizeWhenResourceIsUnknownThenInvalidTargetIsRedirected() {
		LogtoTestServer server = logto.server();

		TestHttp.Reply reply = TestHttp.getNow(OidcFlows.authorizationUrl(server, "openid", "resource",
				"https://unknown.example.com"));

		assertThat(reply.locationParameters()).containsEntry("error", "invalid_target")
			.containsEntry("error_description", "resource indicator is missing, or unknown");
	}

	@Test
	void authorizeWhenRedirectUriIsNotRegisteredThenJsonErrorIsNotRedirected() {
		LogtoTestServer server = logto.server();
		String url = OidcFlows.authorizationUrl(server, "openid").replace(TestHttp.encode(REDIRECT_URI),
				TestHttp.encode("https://evil.example.com/callback"));

		TestHttp.Reply reply = TestHttp.getNow(url);

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.location()).isNull();
		assertThat(reply.json()).containsEntry("error", "invalid_redirect_uri")
			.containsEntry("code", "oidc.invalid_redirect_uri");
	}

	@Test
	void authorizeWhenClientIsUnknownThenJsonInvalidClient() {
		LogtoTestServer server = logto.server();
		String url = OidcFlows.authorizationUrl(server, "openid").replace("client_id=test-app", "client_id=nope");

		TestHttp.Reply reply = TestHttp.getNow(url);

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.json()).containsEntry("error", "invalid_client")
			.containsEntry("error_description", "invalid client nope");
	}

	@Test
	void authorizeWhenResourceRequestedThenCodeExchangeWithoutResourceStillGivesOpaqueToken() {
		LogtoTestServer server = logto.server();

		Map<String, Object> body = OidcFlows.tokens(server, "openid offline_access read", "resource", API);

		assertThat((String) body.get("access_token")).doesNotContain(".");
		assertThat(body).containsEntry("scope", "openid offline_access");
	}
}
