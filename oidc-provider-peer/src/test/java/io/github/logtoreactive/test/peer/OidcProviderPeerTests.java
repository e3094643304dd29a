package io.github.logtoreactive.test.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.logtoreactive.support.TestHttp;
import io.github.logtoreactive.test.TestTenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Protocol tests against the real oidc-provider configured like Logto (sample tenant, auto-login as
 * {@code user-1}, Logto's default rotation: after 70% of the refresh token's lifetime).
 */
// a guard against hangs, not a measurement: above the peer's 120 s start deadline, which a loaded machine needs
@Timeout(180)
class OidcProviderPeerTests {

	@RegisterExtension
	static final OidcProviderPeerExtension PEER = OidcProviderPeerExtension
		.of(OidcProviderPeer.builder().tenant(TestTenant.sample()).autoLogin("user-1"));

	private static final Pattern FORM_ACTION = Pattern.compile("action=\"([^\"]+)\"");

	private static final Pattern XSRF = Pattern.compile("name=\"xsrf\" value=\"([^\"]+)\"");

	private PeerFlows flows(OidcProviderPeer peer) {
		return new PeerFlows(peer);
	}

	@Test
	@SuppressWarnings("unchecked")
	void discoveryWhenMountedUnderAPathThenServedUnderOidcWithTheIssuerIncludingIt(OidcProviderPeer peer) {
		TestHttp.Reply reply = TestHttp.agent().get(peer.discoveryUrl());

		assertThat(reply.status()).isEqualTo(200);
		Map<String, Object> metadata = reply.json();
		assertThat(metadata).containsEntry("issuer", peer.baseUrl() + "/oidc")
			.containsEntry("authorization_endpoint", peer.issuer() + "/auth")
			.containsEntry("token_endpoint", peer.issuer() + "/token")
			.containsEntry("userinfo_endpoint", peer.issuer() + "/me")
			.containsEntry("end_session_endpoint", peer.issuer() + "/session/end")
			.containsEntry("revocation_endpoint", peer.issuer() + "/token/revocation")
			.containsEntry("jwks_uri", peer.issuer() + "/jwks")
			.containsEntry("code_challenge_methods_supported", List.of("S256"))
			.containsEntry("id_token_signing_alg_values_supported", List.of("ES384"))
			.containsEntry("authorization_response_iss_parameter_supported", true)
			.containsEntry("claims_parameter_supported", false);
		assertThat((List<Object>) metadata.get("scopes_supported")).startsWith("openid", "offline_access")
			.contains("profile", "email", "roles", "urn:logto:scope:organizations",
					"urn:logto:scope:organization_roles");
		assertThat((List<Object>) metadata.get("claims_supported")).contains("created_at", "updated_at", "username",
				"organizations", "organization_roles", "sid");
		assertThat(metadata).doesNotContainKey("dpop_signing_alg_values_supported");
		assertThat(TestHttp.agent().get(peer.baseUrl() + "/.well-known/openid-configuration").status())
			.as("nothing outside /oidc").isEqualTo(404);
		TestHttp.Reply unknown = TestHttp.agent().get(peer.issuer() + "/x");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json()).containsEntry("code", "oidc.invalid_request")
			.containsEntry("error", "invalid_request")
			.containsEntry("error_description", "unrecognized route or not allowed method (GET on /x)");
	}

	@Test
	void jwksWhenServedThenOneP384KeyWhoseKidIsItsThumbprint(OidcProviderPeer peer) throws Exception {
		JWKSet jwks = flows(peer).jwks();

		assertThat(jwks.getKeys()).hasSize(1);
		ECKey key = (ECKey) jwks.getKeys().get(0);
		assertThat(key.getCurve()).isEqualTo(Curve.P_384);
		assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.ES384);
		assertThat(key.isPrivate()).isFalse();
		assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
	}

	@Test
	void tokenWhenAuthorizationCodeWithPkceThenAnOpaqueAccessTokenARefreshTokenAndASignedIdToken(OidcProviderPeer peer)
			throws Exception {
		PeerFlows flows = flows(peer);
		Map<String, String> callback = flows.signIn(PeerFlows.FULL_SCOPE);
		assertThat(callback).containsEntry("state", "state-1").containsEntry("iss", peer.issuer())
			.containsKey("code");

		TestHttp.Reply reply = flows.exchangeCode(callback.get("code"));

		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		Map<String, Object> tokens = reply.json();
		assertThat(tokens).containsEntry("token_type", "Bearer").containsEntry("expires_in", 3600L)
			.containsKey("refresh_token");
		assertThat((String) tokens.get("access_token")).as("opaque").doesNotContain(".").hasSizeGreaterThanOrEqualTo(43);
		SignedJWT idToken = flows.verified(tokens.get("id_token"));
		assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES384);
		assertThat(idToken.getHeader().getType()).as("ID token header has no typ").isNull();
		Map<String, Object> claims = idToken.getPayload().toJSONObject();
		assertThat(claims).containsEntry("iss", peer.issuer())
			.containsEntry("aud", PeerFlows.CLIENT_ID)
			.containsEntry("sub", "user-1")
			.containsEntry("nonce", "nonce-1")
			.containsEntry("username", "alice")
			.containsEntry("name", "Alice Example")
			.containsEntry("email", "alice@example.com")
			.containsEntry("email_verified", true)
			.containsEntry("picture", null)
			.containsEntry("created_at", 1735689600000L)
			.containsEntry("updated_at", 1735689600000L)
			.containsEntry("roles", List.of("admin"))
			.containsEntry("organizations", List.of("org-1", "org-2"))
			.containsEntry("organization_roles", List.of("org-1:org-admin", "org-2:org-member"))
			.containsKey("sid")
			.doesNotContainKeys("at_hash", "azp", "organization_data");
		assertThat(flows.exchangeCode(callback.get("code")).json()).as("a code is single-use")
			.containsEntry("error", "invalid_grant");
	}

	@Test
	void userinfoWhenTheOpaqueAccessTokenThenClaimsInMillisecondsAndExtendedClaims(OidcProviderPeer peer) {
		PeerFlows flows = flows(peer);
		Map<String, Object> tokens = flows.tokens(PeerFlows.FULL_SCOPE);

		TestHttp.Reply userinfo = flows.browser.get(peer.issuer() + "/me",
				TestHttp.bearer((String) tokens.get("access_token")));

		assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(200);
		Map<String, Object> globex = new java.util.HashMap<>(Map.of("id", "org-2", "name", "Globex"));
		globex.put("description", null);
		assertThat(userinfo.json()).containsEntry("sub", "user-1")
			.containsEntry("username", "alice")
			.containsEntry("picture", null)
			.containsEntry("created_at", 1735689600000L)
			.containsEntry("organization_data",
					List.of(Map.of("id", "org-1", "name", "Acme", "description", "Acme Corporation"), globex))
			.doesNotContainKey("nonce");
		assertThat(flows.browser.get(peer.issuer() + "/me", TestHttp.bearer("not-a-token")).status()).isEqualTo(401);
	}

	@Test
	void refreshWhenResourceThenAJwtAccessTokenForThatAudienceWithTheUsersRoleScopes(OidcProviderPeer peer)
			throws Exception {
		PeerFlows flows = flows(peer);
		String refreshToken = (String) flows.tokens(PeerFlows.FULL_SCOPE).get("refresh_token");

		TestHttp.Reply reply = flows.refresh(refreshToken, "resource", PeerFlows.API);

		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		Map<String, Object> tokens = reply.json();
		assertThat(tokens).containsEntry("scope", "read write").containsEntry("expires_in", 3600L)
			.containsEntry("refresh_token", refreshToken).containsKey("id_token");
		SignedJWT accessToken = flows.verified(tokens.get("access_token"));
		assertThat(accessToken.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
		assertThat(accessToken.getJWTClaimsSet().toJSONObject()).containsEntry("aud", PeerFlows.API)
			.containsEntry("sub", "user-1")
			.containsEntry("client_id", PeerFlows.CLIENT_ID)
			.containsEntry("iss", peer.issuer())
			.containsEntry("scope", "read write")
			.containsKey("jti")
			.doesNotContainKey("organization_id");
		assertThat(flows.browser.get(peer.issuer() + "/me", TestHttp.bearer((String) tokens.get("access_token")))
			.json()).as("a resource token cannot read userinfo").containsEntry("error", "invalid_token");
	}

	@Test
	void refreshWhenAResourceNotRequestedAtSignInThenInvalidTarget(OidcProviderPeer peer) {
		PeerFlows flows = flows(peer);
		String refreshToken = (String) flows.tokens(PeerFlows.FULL_SCOPE).get("refresh_token");

		TestHttp.Reply reply = flows.refresh(refreshToken, "resource", "https://unknown.example.com");

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.json()).containsEntry("error", "invalid_target")
			.containsEntry("code", "oidc.invalid_target")
			.containsEntry("message", "Invalid resource indicator.");
	}

	@Test
	void refreshWhenOrganizationIdThenAnOrganizationTokenWithTheMembersOrganizationScopes(OidcProviderPeer peer)
			throws Exception {
		PeerFlows flows = flows(peer);
		String refreshToken = (String) flows.tokens(PeerFlows.FULL_SCOPE).get("refresh_token");

		TestHttp.Reply reply = flows.refresh(refreshToken, "organization_id", "org-1");

		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.json()).containsEntry("scope", "read:members invite:members").containsEntry("expires_in", 3600L);
		SignedJWT accessToken = flows.verified(reply.json().get("access_token"));
		assertThat(accessToken.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
		assertThat(accessToken.getJWTClaimsSet().toJSONObject()).containsEntry("aud", "urn:logto:organization:org-1")
			.containsEntry("sub", "user-1")
			.containsEntry("scope", "read:members invite:members")
			.doesNotContainKey("organization_id");

		Map<String, Object> member = flows.refresh(refreshToken, "organization_id", "org-2").json();
		assertThat(member).as("org-member in org-2").containsEntry("scope", "read:members");
		assertThat(claimsOf(member)).containsEntry("aud", "urn:logto:organization:org-2");
	}

	@Test
	void refreshWhenOrganizationScopesNotGrantedThenTheOrganizationTokenCarriesAnEmptyScopeLikeLogtosFork(OidcProviderPeer peer) {
		PeerFlows flows = flows(peer);
		String refreshToken = (String) flows.tokens("openid offline_access " + PeerFlows.ORGANIZATIONS_SCOPE)
			.get("refresh_token");

		Map<String, Object> tokens = flows.refresh(refreshToken, "organization_id", "org-1").json();

		assertThat(tokens).containsEntry("scope", "");
		assertThat(claimsOf(tokens)).containsEntry("aud", "urn:logto:organization:org-1").containsEntry("scope", "");
	}

	@Test
	void refreshWhenOrganizationIdAndResourceThenAnApiTokenWithTheOrganizationClaim(OidcProviderPeer peer) {
		peer.autoLogin("user-2");
		PeerFlows flows = flows(peer);
		String refreshToken = (String) flows.tokens(PeerFlows.FULL_SCOPE).get("refresh_token");

		Map<String, Object> global = flows.refresh(refreshToken, "resource", PeerFlows.API).json();
		Map<String, Object> inOrganization = flows
			.refresh(refreshToken, "resource", PeerFlows.API, "organization_id", "org-1").json();

		assertThat(global).as("viewer role only").containsEntry("scope", "read");
		assertThat(claimsOf(inOrganization)).containsEntry("aud", PeerFlows.API)
			.containsEntry("organization_id", "org-1")
			.containsEntry("scope", "read");
	}

	@Test
	void refreshWhenTheUserIsNotAMemberOfTheOrganizationThen403AccessDeniedAndTheRefreshTokenKept(
			OidcProviderPeer peer) {
		peer.autoLogin("user-2");
		PeerFlows flows = flows(peer);
		String refreshToken = (String) flows.tokens(PeerFlows.FULL_SCOPE).get("refresh_token");

		TestHttp.Reply reply = flows.refresh(refreshToken, "organization_id", "org-2");
		TestHttp.Reply unknown = flows.refresh(refreshToken, "organization_id", "no-such-org");

		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.json()).containsEntry("code", "oidc.access_denied")
			.containsEntry("message", "Access denied.")
			.containsEntry("error", "access_denied")
			.containsEntry("error_description", "user is not a member of the organization");
		assertThat(unknown.status()).isEqualTo(403);
		assertThat(flows.refresh(refreshToken, "organization_id", "org-1").status()).as("token still usable")
			.isEqualTo(200);
	}

	@Test
	void refreshWhenOrganizationIdWithoutTheOrganizationsScopeThen403InsufficientScope(OidcProviderPeer peer) {
		PeerFlows flows = flows(peer);
		String refreshToken = (String) flows.tokens("openid offline_access profile").get("refresh_token");

		TestHttp.Reply reply = flows.refresh(refreshToken, "organization_id", "org-1");

		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.json()).containsEntry("error", "insufficient_scope")
			.containsEntry("error_description", "refresh token missing required scope")
			.containsEntry("scope", "urn:logto:scope:organizations");
	}

	@Test
	void refreshWhenBefore70PercentOfItsLifetimeThenEchoesTheTokenElseRotatesWithThe3SecondReuseWindow(OidcProviderPeer peer) {
		PeerFlows flows = flows(peer);
		String first = (String) flows.tokens(PeerFlows.FULL_SCOPE).get("refresh_token");
		peer.advanceClock(Duration.ofDays(9));
		assertThat(PeerFlows.refreshToken(flows.refresh(first))).as("64% of 14 days").isEqualTo(first);

		peer.advanceClock(Duration.ofDays(1));
		String second = PeerFlows.refreshToken(flows.refresh(first));
		assertThat(second).as("71%: rotated").isNotEqualTo(first);

		peer.advanceClock(Duration.ofSeconds(2));
		String third = PeerFlows.refreshToken(flows.refresh(first));
		assertThat(third).as("reuse inside 3 s gives another new token").isNotIn(first, second);

		peer.advanceClock(Duration.ofSeconds(4));
		TestHttp.Reply replay = flows.refresh(first);
		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.json()).containsEntry("error", "invalid_grant")
			.containsEntry("error_description", "grant request is invalid")
			.containsEntry("error_uri", "https://openid.sh/debug/invalid_grant")
			.containsEntry("code", "oidc.invalid_grant");
		assertThat(flows.refresh(third).json()).as("the whole grant is revoked").containsEntry("error", "invalid_grant");
	}

	@Test
	void accessTokenWhenThePeersClockPassesItsLifetimeThenExpired(OidcProviderPeer peer) {
		PeerFlows flows = flows(peer);
		Map<String, Object> tokens = flows.tokens(PeerFlows.FULL_SCOPE);

		peer.advanceClock(Duration.ofMinutes(61));

		assertThat(flows.browser.get(peer.issuer() + "/me", TestHttp.bearer((String) tokens.get("access_token")))
			.status()).isEqualTo(401);
		assertThat(flows.refresh(tokens.get("refresh_token")).status()).isEqualTo(200);
	}

	@Test
	void revokeWhenTheRefreshTokenThenTheGrantEnds(OidcProviderPeer peer) {
		PeerFlows flows = flows(peer);
		Map<String, Object> tokens = flows.tokens(PeerFlows.FULL_SCOPE);

		TestHttp.Reply revoked = flows.browser.post(peer.issuer() + "/token/revocation",
				TestHttp.basic(PeerFlows.CLIENT_ID, PeerFlows.CLIENT_SECRET), "token",
				(String) tokens.get("refresh_token"), "token_type_hint", "refresh_token");

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(flows.refresh(tokens.get("refresh_token")).json()).containsEntry("error", "invalid_grant");
		assertThat(flows.browser.get(peer.issuer() + "/me", TestHttp.bearer((String) tokens.get("access_token")))
			.status()).isEqualTo(401);
	}

	@Test
	void revokeWhenTheOpaqueAccessTokenThenTheRefreshTokenTooAndWhenAJwtThenNothing(OidcProviderPeer peer) {
		PeerFlows flows = flows(peer);
		Map<String, Object> tokens = flows.tokens(PeerFlows.FULL_SCOPE);
		String jwt = (String) flows.refresh(tokens.get("refresh_token"), "resource", PeerFlows.API)
			.json()
			.get("access_token");

		TestHttp.Reply jwtRevocation = flows.browser.post(peer.issuer() + "/token/revocation",
				TestHttp.basic(PeerFlows.CLIENT_ID, PeerFlows.CLIENT_SECRET), "token", jwt);
		TestHttp.Reply revoked = flows.browser.post(peer.issuer() + "/token/revocation",
				TestHttp.basic(PeerFlows.CLIENT_ID, PeerFlows.CLIENT_SECRET), "token",
				(String) tokens.get("access_token"));

		assertThat(jwtRevocation.status()).isEqualTo(400);
		assertThat(jwtRevocation.json()).containsEntry("error", "unsupported_token_type");
		assertThat(revoked.status()).isEqualTo(200);
		assertThat(flows.browser.get(peer.issuer() + "/me", TestHttp.bearer((String) tokens.get("access_token")))
			.status()).isEqualTo(401);
		assertThat(flows.refresh(tokens.get("refresh_token")).json()).containsEntry("error", "invalid_grant");
	}

	@Test
	void endSessionWhenConfirmedThenAutoSubmitsAndRedirectsToThePostLogoutUriWithState(OidcProviderPeer peer) {
		PeerFlows flows = flows(peer);
		Map<String, Object> tokens = flows.tokens(PeerFlows.FULL_SCOPE);
		assertThat(flows.browser.hasCookie("_session")).isTrue();

		TestHttp.Reply page = flows.browser.get(peer.issuer() + "/session/end?" + TestHttp.form("id_token_hint",
				(String) tokens.get("id_token"), "post_logout_redirect_uri", PeerFlows.POST_LOGOUT_REDIRECT_URI,
				"state", "logout-state"));

		assertThat(page.status()).as(page.body()).isEqualTo(200);
		assertThat(page.body()).contains("<title>Sign Out</title>", "name=\"logout\" value=\"yes\"", ".submit()");
		Matcher action = FORM_ACTION.matcher(page.body());
		Matcher xsrf = XSRF.matcher(page.body());
		assertThat(action.find()).isTrue();
		assertThat(xsrf.find()).isTrue();
		assertThat(action.group(1)).isEqualTo(peer.issuer() + "/session/end/confirm");

		TestHttp.Reply confirmed = flows.browser.post(action.group(1), Map.of(), "xsrf", xsrf.group(1), "logout", "yes");

		assertThat(confirmed.status()).isEqualTo(303);
		assertThat(confirmed.location()).isEqualTo(PeerFlows.POST_LOGOUT_REDIRECT_URI + "?state=logout-state");
		assertThat(flows.refresh(tokens.get("refresh_token")).status()).as("offline_access survives the logout")
			.isEqualTo(200);
	}

	@Test
	void endSessionWhenThePostLogoutUriIsUnregisteredThenInvalidRequest(OidcProviderPeer peer) {
		PeerFlows flows = flows(peer);
		Map<String, Object> tokens = flows.tokens(PeerFlows.FULL_SCOPE);

		TestHttp.Reply reply = flows.browser.get(peer.issuer() + "/session/end?" + TestHttp.form("id_token_hint",
				(String) tokens.get("id_token"), "post_logout_redirect_uri", "https://evil.example.com/"));

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.json()).containsEntry("error", "invalid_request")
			.containsEntry("error_description", "post_logout_redirect_uri not registered");
	}

	@Test
	void signInPageWhenNoAutoLoginThenListsTheUsersAndSignsInTheChosenOne(OidcProviderPeer peer) {
		peer.autoLogin(null);
		PeerFlows flows = flows(peer);

		TestHttp.Reply interaction = flows.browser.get(flows.authorizationUrl(PeerFlows.FULL_SCOPE));
		TestHttp.Reply page = flows.browser.get(peer.baseUrl() + interaction.location());

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"user-user-1\"", "id=\"user-user-2\"", "id=\"cancel\"");
		Matcher action = FORM_ACTION.matcher(page.body());
		assertThat(action.find()).isTrue();
		Map<String, String> callback = flows
			.followToCallback(flows.browser.post(peer.baseUrl() + action.group(1), Map.of(), "userId", "user-2"));
		Map<String, Object> tokens = flows.exchangeCode(callback.get("code")).json();
		assertThat(PeerFlows.claims(tokens.get("id_token"))).containsEntry("sub", "user-2");
	}

	@Test
	void signInPageWhenCancelledThenTheAppGetsAccessDenied(OidcProviderPeer peer) {
		peer.autoLogin(null);
		PeerFlows flows = flows(peer);
		TestHttp.Reply interaction = flows.browser.get(flows.authorizationUrl(PeerFlows.FULL_SCOPE));
		String uid = interaction.location().substring(interaction.location().lastIndexOf('/') + 1);

		TestHttp.Reply resume = flows.browser.post(peer.baseUrl() + "/interaction/" + uid + "/abort", Map.of());
		Map<String, String> callback = flows.followToCallback(resume);

		assertThat(callback).containsEntry("error", "access_denied").containsEntry("state", "state-1")
			.containsEntry("iss", peer.issuer()).doesNotContainKey("code");
	}

	@Test
	void clientCredentialsWhenM2mAppThenATokenWithTheAppsRoleScopes(OidcProviderPeer peer) {
		TestHttp.Agent http = TestHttp.agent();

		TestHttp.Reply reply = http.post(peer.issuer() + "/token", TestHttp.basic("m2m-app", "m2m-secret"),
				"grant_type", "client_credentials", "resource", PeerFlows.API, "scope", "read write");
		TestHttp.Reply refresh = http.post(peer.issuer() + "/token", TestHttp.basic("m2m-app", "m2m-secret"),
				"grant_type", "refresh_token", "refresh_token", "whatever");

		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.json()).containsEntry("scope", "read write").doesNotContainKeys("refresh_token", "id_token");
		assertThat(claimsOf(reply.json())).containsEntry("sub", "m2m-app").containsEntry("aud", PeerFlows.API);
		assertThat(refresh.json()).containsEntry("error", "invalid_request")
			.containsEntry("error_description", "requested grant type is not allowed for this client");
	}

	@Test
	void tokenWhenTheClientSecretIsWrongThen401InvalidClient(OidcProviderPeer peer) {
		TestHttp.Reply reply = TestHttp.agent().post(peer.issuer() + "/token",
				TestHttp.basic(PeerFlows.CLIENT_ID, "wrong"), "grant_type", "refresh_token", "refresh_token", "x");

		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.json()).containsEntry("error", "invalid_client")
			.containsEntry("error_description", "client authentication failed");
	}

	private static Map<String, Object> claimsOf(Map<String, Object> tokenResponse) {
		return PeerFlows.claims(tokenResponse.get("access_token"));
	}
}
