package io.github.logtoreactive.test.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.logtoreactive.support.TestHttp;

/** The multi-step flows of the peer tests, against the peer's sample tenant, with one browser per instance. */
final class PeerFlows {

	static final String CLIENT_ID = "test-app";
	static final String CLIENT_SECRET = "test-secret";
	static final String REDIRECT_URI = "http://localhost:8080/logto/callback";
	static final String POST_LOGOUT_REDIRECT_URI = "http://localhost:8080/";
	static final String API = "https://api.example.com";
	static final String ORGANIZATION_RESOURCE = "urn:logto:resource:organizations";
	static final String ORGANIZATIONS_SCOPE = "urn:logto:scope:organizations";
	static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXkdBjftJeZ4CVP";

	/** What a Logto SDK asks for when the app uses an API and organizations. */
	static final String FULL_SCOPE = "openid offline_access profile email roles " + ORGANIZATIONS_SCOPE
			+ " urn:logto:scope:organization_roles read write read:members invite:members";

	final OidcProviderPeer peer;

	final TestHttp.Agent browser = TestHttp.agent();

	PeerFlows(OidcProviderPeer peer) {
		this.peer = peer;
	}

	static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** @return the authorization URL with a Logto SDK's parameters, the API and organization resources, extras */
	String authorizationUrl(String scope, String... extra) {
		List<String> parameters = new ArrayList<>(List.of("client_id", CLIENT_ID, "redirect_uri", REDIRECT_URI,
				"code_challenge", challenge(VERIFIER), "code_challenge_method", "S256", "state", "state-1",
				"nonce", "nonce-1", "response_type", "code", "prompt", "consent", "scope", scope, "resource", API,
				"resource", ORGANIZATION_RESOURCE));
		parameters.addAll(List.of(extra));
		return this.peer.issuer() + "/auth?" + TestHttp.form(parameters.toArray(new String[0]));
	}

	/** Follows the redirects of a started sign-in to the app's callback; @return the callback's parameters */
	Map<String, String> followToCallback(TestHttp.Reply reply) {
		for (int hop = 0; hop < 6; hop++) {
			assertThat(reply.status()).as("hop %s: %s", hop, reply.body()).isIn(302, 303);
			String location = reply.location();
			if (location.startsWith(REDIRECT_URI)) {
				return reply.locationParameters();
			}
			reply = this.browser.get(URI.create(this.peer.baseUrl()).resolve(location).toString());
		}
		throw new AssertionError("no callback after 6 redirects");
	}

	/** Auto-login from {@code /oidc/auth} to the callback. */
	Map<String, String> signIn(String scope, String... extra) {
		return followToCallback(this.browser.get(authorizationUrl(scope, extra)));
	}

	TestHttp.Reply exchangeCode(String code) {
		return this.browser.post(this.peer.issuer() + "/token", TestHttp.basic(CLIENT_ID, CLIENT_SECRET),
				"grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI, "code_verifier",
				VERIFIER);
	}

	/** Sign-in and code exchange; @return the token response */
	Map<String, Object> tokens(String scope, String... extra) {
		Map<String, String> callback = signIn(scope, extra);
		assertThat(callback).as("callback").containsKey("code");
		TestHttp.Reply reply = exchangeCode(callback.get("code"));
		assertThat(reply.status()).as("token answer: %s", reply.body()).isEqualTo(200);
		return reply.json();
	}

	TestHttp.Reply refresh(Object refreshToken, String... extra) {
		List<String> form = new ArrayList<>(List.of("grant_type", "refresh_token", "refresh_token", (String) refreshToken));
		form.addAll(List.of(extra));
		return this.browser.post(this.peer.issuer() + "/token", TestHttp.basic(CLIENT_ID, CLIENT_SECRET),
				form.toArray(new String[0]));
	}

	static String refreshToken(TestHttp.Reply reply) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return (String) reply.json().get("refresh_token");
	}

	JWKSet jwks() {
		TestHttp.Reply reply = this.browser.get(this.peer.issuer() + "/jwks");
		assertThat(reply.status()).isEqualTo(200);
		try {
			return JWKSet.parse(reply.body());
		}
		catch (ParseException ex) {
			throw new AssertionError(ex);
		}
	}

	/** Parses a JWT and checks its signature with the JWKS key named by its {@code kid}. */
	SignedJWT verified(Object token) {
		SignedJWT jwt = jwt(token);
		ECKey key = (ECKey) jwks().getKeyByKeyId(jwt.getHeader().getKeyID());
		assertThat(key).as("JWKS key for kid %s", jwt.getHeader().getKeyID()).isNotNull();
		try {
			assertThat(jwt.verify(new ECDSAVerifier(key))).as("signature").isTrue();
		}
		catch (JOSEException ex) {
			throw new AssertionError(ex);
		}
		return jwt;
	}

	static SignedJWT jwt(Object token) {
		try {
			return SignedJWT.parse((String) token);
		}
		catch (ParseException ex) {
			throw new AssertionError("not a JWT", ex);
		}
	}

	static Map<String, Object> claims(Object token) {
		try {
			return jwt(token).getJWTClaimsSet().toJSONObject();
		}
		catch (ParseException ex) {
			throw new AssertionError(ex);
		}
	}
}
