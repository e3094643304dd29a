package io.github.logtoreactive.test;

import static io.github.logtoreactive.test.OidcFlows.API;
import static io.github.logtoreactive.test.OidcFlows.CLIENT_ID;
import static io.github.logtoreactive.test.OidcFlows.CLIENT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.support.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(30)
class UserinfoAndRevocationTests {

	private static final Instant CREATED = Instant.parse("2024-03-01T10:00:00.123Z");

	@RegisterExtension
	static LogtoTestServerExtension logto = LogtoTestServerExtension.of(LogtoTestServer.builder()
		.tenant(TestTenant.sample().toBuilder()
			.user(TestUser.builder("user-3").createdAt(CREATED).customData(Map.of("plan", "pro"))
				.givenName("Carol").build())
			.organization(TestOrganization.builder("org-3").name("Initech").member("user-3", "org-member").build())
			.build())
		.autoLogin("user-3"));

	private static Map<String, Object> organization(String id, String name, String description) {
		Map<String, Object> organization = new java.util.LinkedHashMap<>();
		organization.put("id", id);
		organization.put("name", name);
		organization.put("description", description);
		return organization;
	}

	private String me() {
		return logto.server().issuer() + "/me";
	}

	@Test
	void userinfoWhenAllScopesThenClaimsPerScopeWithMillisecondTimestampsAndNulls() {
		Map<String, Object> tokens = OidcFlows.tokens(logto.server(), "openid profile email phone custom_data "
				+ "identities roles urn:logto:scope:organizations urn:logto:scope:organization_roles");

		TestHttp.Reply reply = TestHttp.getNow(me(), TestHttp.bearer((String) tokens.get("access_token")));

		assertThat(reply.status()).isEqualTo(200);
		Map<String, Object> claims = reply.json();
		assertThat(List.copyOf(claims.keySet()).get(0)).isEqualTo("sub");
		assertThat(claims).containsEntry("sub", "user-3")
			.containsEntry("name", null)
			.containsEntry("picture", null)
			.containsEntry("username", null)
			.containsEntry("email", null)
			.containsEntry("email_verified", false)
			.containsEntry("phone_number", null)
			.containsEntry("given_name", "Carol")
			.containsEntry("created_at", CREATED.toEpochMilli())
			.containsEntry("updated_at", CREATED.toEpochMilli())
			.containsEntry("custom_data", Map.of("plan", "pro"))
			.containsEntry("identities", Map.of())
			.containsEntry("sso_identities", List.of())
			.containsEntry("roles", List.of())
			.containsEntry("organizations", List.of("org-3"))
			.containsEntry("organization_roles", List.of("org-3:org-member"))
			.containsEntry("organization_data", List.of(organization("org-3", "Initech", null)))
			.doesNotContainKey("family_name");
		assertThat(reply.body()).contains("\"name\":null").contains("\"description\":null");
		Map<String, Object> idToken = OidcFlows.claims(tokens.get("id_token"));
		assertThat(idToken).containsKeys("roles", "organizations", "organization_roles")
			.doesNotContainKeys("custom_data", "identities", "organization_data");
	}

	@Test
	void userinfoWhenOnlyOpenidThenOnlySub() {
		Map<String, Object> tokens = OidcFlows.tokens(logto.server(), "openid");

		assertThat(TestHttp.getNow(me(), TestHttp.bearer((String) tokens.get("access_token"))).json())
			.containsOnlyKeys("sub");
	}

	@Test
	void userinfoWhenJwtAccessTokenThenInvalidToken401() {
		Map<String, Object> tokens = OidcFlows.tokens(logto.server(), "openid offline_access", "resource", API);
		String jwt = (String) OidcFlows.refresh(logto.server(), (String) tokens.get("refresh_token"), "resource", API)
			.json().get("access_token");

		TestHttp.Reply reply = TestHttp.getNow(me(), TestHttp.bearer(jwt));

		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.json()).containsEntry("error", "invalid_token")
			.containsEntry("error_description", "invalid token provided");
		assertThat(reply.headers().get("WWW-Authenticate")).startsWith("Bearer realm=");
	}

	@Test
	void userinfoWhenTokenLacksOpenidThenInsufficientScope403() {
		String code = TestHttp.getNow(logto.server().issuer() + "/auth?" + TestHttp.form("client_id", CLIENT_ID,
				"redirect_uri", OidcFlows.REDIRECT_URI, "response_type", "code", "scope", "profile"))
			.locationParameters().get("code");
		String accessToken = (String) OidcFlows.exchangeCode(logto.server(), code, null).json().get("access_token");

		TestHttp.Reply reply = TestHttp.getNow(me(), TestHttp.bearer(accessToken));

		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.json()).containsEntry("error", "insufficient_scope").containsEntry("scope", "openid");
	}

	@Test
	void revokeWhenRefreshTokenThenWholeGrantIsRevoked() {
		Map<String, Object> tokens = OidcFlows.tokens(logto.server(), "openid offline_access");

		TestHttp.Reply reply = TestHttp.postNow(logto.server().issuer() + "/token/revocation",
				TestHttp.basic(CLIENT_ID, CLIENT_SECRET), "token", (String) tokens.get("refresh_token"));

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.body()).isEmpty();
		assertThat(TestHttp.getNow(me(), TestHttp.bearer((String) tokens.get("access_token"))).status()).isEqualTo(401);
	}

	@Test
	void revokeWhenOpaqueAccessTokenThenRefreshTokenDiesToo() {
		Map<String, Object> tokens = OidcFlows.tokens(logto.server(), "openid offline_access");

		TestHttp.postNow(logto.server().issuer() + "/token/revocation", TestHttp.basic(CLIENT_ID, CLIENT_SECRET),
				"token", (String) tokens.get("access_token"), "token_type_hint", "access_token");

		assertThat(OidcFlows.refresh(logto.server(), (String) tokens.get("refresh_token")).json())
			.containsEntry("error", "invalid_grant");
	}

	@Test
	void revokeWhenJwtThenUnsupportedTokenTypeAndWhenUnknownThen200() {
		TestHttp.Reply jwt = TestHttp.postNow(logto.server().issuer() + "/token/revocation",
				TestHttp.basic(CLIENT_ID, CLIENT_SECRET), "token", "a.b.c");
		TestHttp.Reply unknown = TestHttp.postNow(logto.server().issuer() + "/token/revocation",
				TestHttp.basic(CLIENT_ID, CLIENT_SECRET), "token", "unknown-token");

		assertThat(jwt.status()).isEqualTo(400);
		assertThat(jwt.json()).containsEntry("error", "unsupported_token_type");
		assertThat(unknown.status()).isEqualTo(200);
	}
}
