package io.github.logtoreactive.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.github.logtoreactive.support.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DiscoveryAndKeysTests {

	private static JWKSet jwks(LogtoTestServer server) throws Exception {
		TestHttp.Reply reply = TestHttp.getNow(server.issuer() + "/jwks");
		assertThat(reply.headers().get("Cache-Control")).isEqualTo("no-cache, max-age=0, must-revalidate");
		return JWKSet.parse(reply.body());
	}

	@Test
	@SuppressWarnings("unchecked")
	void discoveryWhenFetchedThenPublishesLogtoMetadata() {
		try (LogtoTestServer server = LogtoTestServer.builder().tenant(TestTenant.sample()).build().start()) {
			Map<String, Object> discovery = TestHttp.getNow(server.discoveryUrl()).json();

			assertThat(discovery).containsEntry("issuer", server.baseUrl() + "/oidc")
				.containsEntry("authorization_endpoint", server.issuer() + "/auth")
				.containsEntry("token_endpoint", server.issuer() + "/token")
				.containsEntry("userinfo_endpoint", server.issuer() + "/me")
				.containsEntry("jwks_uri", server.issuer() + "/jwks")
				.containsEntry("revocation_endpoint", server.issuer() + "/token/revocation")
				.containsEntry("end_session_endpoint", server.issuer() + "/session/end")
				.containsEntry("authorization_response_iss_parameter_supported", true)
				.containsEntry("backchannel_logout_supported", true)
				.containsEntry("claims_parameter_supported", false)
				.containsEntry("code_challenge_methods_supported", List.of("S256"))
				.containsEntry("id_token_signing_alg_values_supported", List.of("ES384"))
				.containsEntry("response_modes_supported", List.of("form_post", "fragment", "query"))
				.containsEntry("subject_types_supported", List.of("public"));
			assertThat((List<Object>) discovery.get("scopes_supported")).contains("openid", "offline_access",
					"urn:logto:scope:organizations", "urn:logto:scope:organization_roles");
			assertThat(TestHttp.getNow(server.issuer() + "/.well-known/oauth-authorization-server").json())
				.isEqualTo(discovery);
		}
	}

	@Test
	void jwksWhenDefaultThenOneEcP384KeyWithThumbprintKid() throws Exception {
		try (LogtoTestServer server = LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-1").build()
			.start()) {
			JWKSet jwks = jwks(server);

			assertThat(jwks.getKeys()).hasSize(1);
			ECKey key = jwks.getKeys().get(0).toECKey();
			assertThat(key.getCurve().getName()).isEqualTo("P-384");
			assertThat(key.getAlgorithm().getName()).isEqualTo("ES384");
			assertThat(key.getKeyUse().identifier()).isEqualTo("sig");
			assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
			assertThat(key.isPrivate()).isFalse();
			SignedJWT idToken = OidcFlows.jwt(OidcFlows.tokens(server, "openid").get("id_token"));
			assertThat(idToken.getHeader().getKeyID()).isEqualTo(key.getKeyID());
			assertThat(idToken.verify(new ECDSAVerifier(key))).isTrue();
		}
	}

	@Test
	void jwksWhenRsaThenRs256WithoutAlgInJwk() throws Exception {
		try (LogtoTestServer server = LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-1")
			.signingKey(SigningKeyType.RSA_2048).build().start()) {
			RSAKey key = jwks(server).getKeys().get(0).toRSAKey();

			assertThat(key.getAlgorithm()).isNull();
			assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
			assertThat(TestHttp.getNow(server.discoveryUrl()).json())
				.containsEntry("id_token_signing_alg_values_supported", List.of("RS256", "PS256"));
			SignedJWT idToken = OidcFlows.jwt(OidcFlows.tokens(server, "openid").get("id_token"));
			assertThat(idToken.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
			assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
		}
	}

	@Test
	void rotateWhenNextPreparedThenJwksOrderIsCurrentNextPreviousAndTokensUseTheNewKey() throws Exception {
		try (LogtoTestServer server = LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-1").build()
			.start()) {
			String original = jwks(server).getKeys().get(0).getKeyID();
			server.prepareNextSigningKey(SigningKeyType.RSA_2048);
			List<JWK> staged = jwks(server).getKeys();
			assertThat(staged).hasSize(2);
			assertThat(staged.get(0).getKeyID()).isEqualTo(original);
			String next = staged.get(1).getKeyID();

			server.rotateSigningKey();
			server.prepareNextSigningKey(SigningKeyType.EC_P384);
			List<JWK> rotated = jwks(server).getKeys();

			assertThat(rotated).extracting(JWK::getKeyID).hasSize(3).startsWith(next).endsWith(original);
			SignedJWT idToken = OidcFlows.jwt(OidcFlows.tokens(server, "openid").get("id_token"));
			assertThat(idToken.getHeader().getKeyID()).isEqualTo(next);
			assertThat(idToken.getHeader().getAlgorithm().getName()).isEqualTo("RS256");

			server.reset();
			assertThat(jwks(server).getKeys()).extracting(JWK::getKeyID).containsExactly(original);
		}
	}
}
