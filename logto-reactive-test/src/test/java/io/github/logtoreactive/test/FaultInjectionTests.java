package io.github.logtoreactive.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.logtoreactive.support.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;

@Timeout(30)
@WithLogtoTestServer(autoLogin = "user-1")
class FaultInjectionTests {

	@Test
	void serverErrorWhenInjectedOnceThenNext500ThenNormal(LogtoTestServer server) {
		server.faults().serverError(Endpoint.DISCOVERY, 1);

		TestHttp.Reply failed = TestHttp.getNow(server.discoveryUrl());
		TestHttp.Reply recovered = TestHttp.getNow(server.discoveryUrl());

		assertThat(failed.status()).isEqualTo(500);
		assertThat(failed.body()).isEqualTo("{\"code\":\"oidc.server_error\",\"message\":\"An unknown OIDC error "
				+ "occurred. Please try again later.\",\"error\":\"server_error\","
				+ "\"error_description\":\"oops! something went wrong\"}");
		assertThat(recovered.status()).isEqualTo(200);
		assertThat(server.requestCount(Endpoint.DISCOVERY)).isEqualTo(2);
	}

	@Test
	void malformedJsonWhenInjectedThenBodyDoesNotParse(LogtoTestServer server) {
		server.faults().malformedJson(Endpoint.JWKS);

		TestHttp.Reply reply = TestHttp.getNow(server.issuer() + "/jwks");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.headers().get("Content-Type")).startsWith("application/json");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> JWKSet.parse(reply.body()))
			.isInstanceOf(java.text.ParseException.class);
	}

	@Test
	void latencyWhenInjectedThenResponseIsDelayedWithoutBlocking(LogtoTestServer server) {
		server.faults().latency(Endpoint.JWKS, Duration.ofMillis(300));

		StepVerifier.create(TestHttp.get(server.issuer() + "/jwks", Map.of()))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(200))
			.assertNext((reply) -> assertThat(reply.status()).isEqualTo(200))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void tokenFaultsWhenEnabledThenIdTokensAreBroken(LogtoTestServer server) throws Exception {
		ECKey key = JWKSet.parse(TestHttp.getNow(server.issuer() + "/jwks").body()).getKeys().get(0).toECKey();

		server.faults().wrongIdTokenIssuer(true);
		Map<String, Object> wrongIssuer = OidcFlows.claims(OidcFlows.tokens(server, "openid").get("id_token"));
		server.faults().clear().badTokenSignature(true);
		SignedJWT badSignature = OidcFlows.jwt(OidcFlows.tokens(server, "openid").get("id_token"));
		server.faults().clear().unknownSigningKid(true);
		SignedJWT unknownKid = OidcFlows.jwt(OidcFlows.tokens(server, "openid").get("id_token"));

		assertThat(wrongIssuer.get("iss")).isEqualTo(server.issuer() + "-wrong");
		assertThat(badSignature.getHeader().getKeyID()).isEqualTo(key.getKeyID());
		assertThat(badSignature.verify(new ECDSAVerifier(key))).isFalse();
		assertThat(unknownKid.getHeader().getKeyID()).isNotEqualTo(key.getKeyID());
	}

	@Test
	void subjectFaultsWhenSetThenIdTokensAndUserinfoNameAnotherSubjectUntilCleared(LogtoTestServer server) {
		Map<String, Object> tokens = OidcFlows.tokens(server, "openid offline_access profile");
		server.faults().idTokenSubject("user-2").userinfoSubject("user-2");

		Map<String, Object> refreshed = OidcFlows.refresh(server, (String) tokens.get("refresh_token")).json();
		TestHttp.Reply userinfo = TestHttp.getNow(server.issuer() + "/me",
				TestHttp.bearer((String) tokens.get("access_token")));
		server.faults().clear();
		TestHttp.Reply cleared = TestHttp.getNow(server.issuer() + "/me",
				TestHttp.bearer((String) tokens.get("access_token")));

		assertThat(OidcFlows.claims(tokens.get("id_token"))).containsEntry("sub", "user-1");
		assertThat(OidcFlows.claims(refreshed.get("id_token"))).containsEntry("sub", "user-2");
		assertThat(userinfo.json()).containsEntry("sub", "user-2").containsEntry("username", "alice");
		assertThat(cleared.json()).containsEntry("sub", "user-1");
	}

	@Test
	void resetWhenCalledThenCountersFaultsAndTokensAreForgotten(LogtoTestServer server) {
		Map<String, Object> tokens = OidcFlows.tokens(server, "openid");
		server.faults().serverError(Endpoint.TOKEN);
		assertThat(server.requestCount(Endpoint.AUTHORIZATION)).isEqualTo(1);

		server.reset();

		assertThat(server.requestCount(Endpoint.AUTHORIZATION)).isZero();
		assertThat(TestHttp.getNow(server.issuer() + "/me", TestHttp.bearer((String) tokens.get("access_token")))
			.status()).isEqualTo(401);
		assertThat(OidcFlows.tokens(server, "openid")).containsKey("access_token");
	}

	@Test
	void unknownRouteWhenRequestedThen404InLogtoShape(LogtoTestServer server) {
		TestHttp.Reply reply = TestHttp.getNow(server.issuer() + "/nope");

		assertThat(reply.status()).isEqualTo(404);
		assertThat(reply.json()).containsEntry("error", "invalid_request")
			.containsEntry("error_description", "unrecognized route or not allowed method (GET on /oidc/nope)");
	}
}
