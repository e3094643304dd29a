package io.github.logtoreactive.test;

import static io.github.logtoreactive.test.OidcFlows.API;
import static io.github.logtoreactive.test.OidcFlows.CLIENT_ID;
import static io.github.logtoreactive.test.OidcFlows.CLIENT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import io.github.logtoreactive.support.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(30)
class TokenEndpointTests {

	private static final String ORG_SCOPES = "openid offline_access profile urn:logto:scope:organizations read write";

	@RegisterExtension
	static LogtoTestServerExtension logto = LogtoTestServerExtension.of(LogtoTestServer.builder()
		.tenant(TestTenant.sample().toBuilder()
			.organization(TestOrganization.builder("org-empty").member("user-2").build())
			.apiResource(TestApiResource.builder("https://short.example.com").scopes("a")
				.accessTokenTtl(Duration.ofMinutes(5)).build())
			.build())
		.autoLogin("user-2"));

	private String token(String path) {
		return logto.server().issuer() + path;
	}

	private Map<String, Object> signedIn(String scope, String... extra) {
		return OidcFlows.tokens(logto.server(), scope, extra);
	}

	@Test
	void refreshWhenResourceWasRequestedThenIssuesAtJwtForTheResource() {
		Map<String, Object> tokens = signedIn(ORG_SCOPES, "resource", API);

		TestHttp.Reply reply = OidcFlows.refresh(logto.server(), (String) tokens.get("refresh_token"), "resource", API);

		assertThat(reply.status()).isEqualTo(200);
		SignedJWT accessToken = OidcFlows.jwt(reply.json().get("access_token"));
		assertThat(accessToken.getHeader().toJSONObject()).containsOnlyKeys("alg", "typ", "kid")
			.containsEntry("typ", "at+jwt");
		Map<String, Object> claims = OidcFlows.claims(reply.json().get("access_token"));
		assertThat(claims.keySet()).containsExactlyInAnyOrder("jti", "sub", "iat", "exp", "scope", "client_id", "iss",
				"aud");
		assertThat(claims).containsEntry("aud", API).containsEntry("scope", "read").containsEntry("sub", "user-2")
			.containsEntry("client_id", CLIENT_ID).containsEntry("iss", logto.server().issuer());
		assertThat(reply.json()).containsEntry("scope", "read").containsKey("id_token");
		assertThat(OidcFlows.claims(reply.json().get("id_token"))).doesNotContainKey("nonce");
	}

	@Test
	void refreshWhenResourceWasNotRequestedAtAuthThenInvalidTarget() {
		Map<String, Object> tokens = signedIn(ORG_SCOPES);

		TestHttp.Reply reply = OidcFlows.refresh(logto.server(), (String) tokens.get("refresh_token"), "resource", API);

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.json()).containsEntry("code", "oidc.invalid_target").containsEntry("error", "invalid_target");
	}

	@Test
	void refreshWhenOrganizationIdThenIssuesOrganizationToken() {
		Map<String, Object> tokens = signedIn(ORG_SCOPES + " read:members");

		TestHttp.Reply reply = OidcFlows.refresh(logto.server(), (String) tokens.get("refresh_token"),
				"organization_id", "org-1");

		assertThat(reply.status()).isEqualTo(200);
		Map<String, Object> claims = OidcFlows.claims(reply.json().get("access_token"));
		assertThat(claims).containsEntry("aud", "urn:logto:organization:org-1").containsEntry("scope", "read:members")
			.doesNotContainKey("organization_id");
		assertThat(reply.json()).containsEntry("expires_in", 3600L).containsEntry("token_type", "Bearer")
			.containsKeys("refresh_token", "id_token");
	}

	@Test
	void refreshWhenOrganizationGrantsNoScopeThenScopeIsEmptyString() {
		Map<String, Object> tokens = signedIn(ORG_SCOPES);

		TestHttp.Reply reply = OidcFlows.refresh(logto.server(), (String) tokens.get("refresh_token"),
				"organization_id", "org-empty");

		assertThat(reply.json()).containsEntry("scope", "");
		assertThat(OidcFlows.claims(reply.json().get("access_token"))).containsEntry("scope", "");
	}

	@Test
	void refreshWhenNotAMemberThenAccessDenied403AndTheRefreshTokenIsNotConsumed() {
		Map<String, Object> tokens = signedIn(ORG_SCOPES);
		String refreshToken = (String) tokens.get("refresh_token");

		TestHttp.Reply reply = OidcFlows.refresh(logto.server(), refreshToken, "organization_id", "org-2");

		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.body()).isEqualTo("{\"code\":\"oidc.access_denied\",\"message\":\"Access denied.\","
				+ "\"error\":\"access_denied\",\"error_description\":\"user is not a member of the organization\"}");
		assertThat(OidcFlows.refresh(logto.server(), refreshToken).status()).isEqualTo(200);
	}

	@Test
	void refreshWhenRefreshTokenLacksOrganizationsScopeThenInsufficientScope403() {
		Map<String, Object> tokens = signedIn("openid offline_access");

		TestHttp.Reply reply = OidcFlows.refresh(logto.server(), (String) tokens.get("refresh_token"),
				"organization_id", "org-1");

		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.json()).containsEntry("error", "insufficient_scope")
			.containsEntry("error_description", "refresh token missing required scope")
			.containsEntry("scope", "urn:logto:scope:organizations");
	}

	@Test
	void refreshWhenResourceAndOrganizationThenOrganizationLevelTokenWithOrganizationIdClaim() {
		Map<String, Object> tokens = signedIn(ORG_SCOPES, "resource", API);

		TestHttp.Reply reply = OidcFlows.refresh(logto.server(), (String) tokens.get("refresh_token"), "resource", API,
				"organization_id", "org-1");

		Map<String, Object> claims = OidcFlows.claims(reply.json().get("access_token"));
		assertThat(claims).containsEntry("aud", API).containsEntry("organization_id", "org-1")
			.containsEntry("scope", "read");
	}

	@Test
	void refreshWhenScopeIsNotASubsetThenInvalidScope() {
		Map<String, Object> tokens = signedIn("openid offline_access");

		TestHttp.Reply reply = OidcFlows.refresh(logto.server(), (String) tokens.get("refresh_token"), "scope",
				"openid email");

		assertThat(reply.json()).containsEntry("error", "invalid_scope")
			.containsEntry("error_description", "refresh token missing requested scope(s)")
			.containsEntry("scope", "email");
	}

	@Test
	void refreshWhenResourceHasOwnTtlThenExpiresInFollowsIt() {
		Map<String, Object> tokens = signedIn("openid offline_access a", "resource", "https://short.example.com");

		TestHttp.Reply reply = OidcFlows.refresh(logto.server(), (String) tokens.get("refresh_token"), "resource",
				"https://short.example.com");

		assertThat(reply.json()).containsEntry("expires_in", 300L).containsEntry("scope", "");
	}

	@Test
	void clientCredentialsWhenResourceThenJwtWithClientAsSubject() {
		TestHttp.Reply reply = TestHttp.postNow(token("/token"), TestHttp.basic("m2m-app", "m2m-secret"),
				"grant_type", "client_credentials", "resource", API, "scope", "read write delete");

		assertThat(reply.json().keySet()).containsExactly("access_token", "expires_in", "token_type", "scope");
		assertThat(reply.json()).containsEntry("scope", "read write");
		assertThat(OidcFlows.claims(reply.json().get("access_token"))).containsEntry("sub", "m2m-app")
			.containsEntry("aud", API);
	}

	@Test
	void clientCredentialsWhenNoScopeRequestedThenScopeIsAbsent() {
		TestHttp.Reply reply = TestHttp.postNow(token("/token"), TestHttp.basic("m2m-app", "m2m-secret"),
				"grant_type", "client_credentials", "resource", API);

		assertThat(reply.json()).doesNotContainKey("scope");
		assertThat(OidcFlows.claims(reply.json().get("access_token"))).doesNotContainKey("scope");
	}

	@Test
	void clientCredentialsWhenOrganizationThenOrganizationTokenAndErrorsForOthers() {
		TestHttp.Reply org = TestHttp.postNow(token("/token"), TestHttp.basic("m2m-app", "m2m-secret"),
				"grant_type", "client_credentials", "organization_id", "org-1", "scope", "invite:members");
		TestHttp.Reply notAssociated = TestHttp.postNow(token("/token"), TestHttp.basic("m2m-app", "m2m-secret"),
				"grant_type", "client_credentials", "organization_id", "org-2");
		TestHttp.Reply nothing = TestHttp.postNow(token("/token"), TestHttp.basic("m2m-app", "m2m-secret"),
				"grant_type", "client_credentials");

		assertThat(OidcFlows.claims(org.json().get("access_token"))).containsEntry("aud", "urn:logto:organization:org-1")
			.containsEntry("scope", "invite:members");
		assertThat(notAssociated.status()).isEqualTo(403);
		assertThat(notAssociated.json()).containsEntry("error_description", "app has not associated with the organization");
		assertThat(nothing.json()).containsEntry("error", "invalid_target")
			.containsEntry("error_description", "both `resource` and `organization_id` are not provided");
	}

	@Test
	void tokenWhenGrantTypeNotAllowedForClientThenUnauthorizedClient() {
		TestHttp.Reply reply = TestHttp.postNow(token("/token"), TestHttp.basic("m2m-app", "m2m-secret"),
				"grant_type", "refresh_token", "refresh_token", "x");

		assertThat(reply.json()).containsEntry("error", "unauthorized_client")
			.containsEntry("error_description", "requested grant type is not allowed for this client");
	}

	@Test
	void clientAuthWhenBasicUsesFormEncodingThenIsDecoded() {
		TestTenant tenant = TestTenant.builder()
			.webApp(TestWebApp.builder("app:1", "s3cr3t +&:%").redirectUris("http://localhost/cb").build())
			.build();
		try (LogtoTestServer server = LogtoTestServer.builder().tenant(tenant).build().start()) {
			TestHttp.Reply reply = TestHttp.postNow(server.issuer() + "/token", TestHttp.basic("app:1", "s3cr3t +&:%"),
					"grant_type", "authorization_code", "code", "unknown", "redirect_uri", "http://localhost/cb");

			assertThat(reply.json()).as("authenticated, then the code is unknown").containsEntry("error", "invalid_grant");
		}
	}

	@Test
	void clientAuthWhenSecretPostThenAccepted() {
		TestHttp.Reply reply = TestHttp.postNow(token("/token"), Map.of(), "client_id", CLIENT_ID, "client_secret",
				CLIENT_SECRET, "grant_type", "refresh_token", "refresh_token", "unknown");

		assertThat(reply.json()).containsEntry("error", "invalid_grant");
	}

	@Test
	void clientAuthWhenBothMechanismsThenInvalidRequest() {
		TestHttp.Reply reply = TestHttp.postNow(token("/token"), TestHttp.basic(CLIENT_ID, CLIENT_SECRET),
				"client_secret", CLIENT_SECRET, "grant_type", "refresh_token", "refresh_token", "x");

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.body()).isEqualTo("{\"code\":\"oidc.invalid_request\",\"message\":\"Request is invalid.\","
				+ "\"error\":\"invalid_request\","
				+ "\"error_description\":\"client authentication must only be provided using one mechanism\"}");
	}

	@Test
	void clientAuthWhenClientUnknownThenInvalidClient400() {
		TestHttp.Reply reply = TestHttp.postNow(token("/token"), TestHttp.basic("nobody", "x"), "grant_type",
				"refresh_token", "refresh_token", "x");

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.body()).isEqualTo("{\"code\":\"oidc.invalid_client\","
				+ "\"message\":\"An OIDC error occurred: oidc.invalid_client.\",\"error\":\"invalid_client\","
				+ "\"error_description\":\"invalid client nobody\"}");
	}

	@Test
	void clientAuthWhenSecretIsWrongThenInvalidClient401WithWwwAuthenticate() {
		TestHttp.Reply reply = TestHttp.postNow(token("/token"), TestHttp.basic(CLIENT_ID, "wrong"), "grant_type",
				"refresh_token", "refresh_token", "x");

		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.json()).containsEntry("error", "invalid_client")
			.containsEntry("error_description", "client authentication failed");
		assertThat(reply.headers().get("WWW-Authenticate")).startsWith("Basic realm=\"" + logto.server().issuer() + "\"");
	}
}
