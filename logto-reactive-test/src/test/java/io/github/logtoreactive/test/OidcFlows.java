package io.github.logtoreactive.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import io.github.logtoreactive.support.TestHttp;

/** Fixtures and multi-step flows of the protocol tests, written against the test server's sample tenant. */
final class OidcFlows {

	static final String CLIENT_ID = "test-app";
	static final String CLIENT_SECRET = "test-secret";
	static final String REDIRECT_URI = "http://localhost:8080/logto/callback";
	static final String API = "https://api.example.com";
	static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXkdBjftJeZ4CVP";

	private OidcFlows() {
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

	/** @return the authorization URL with Logto SDK's parameters plus extras ({@code key, value, ...}) */
	static String authorizationUrl(LogtoTestServer server, String scope, String... extra) {
		List<String> parameters = new ArrayList<>(List.of("client_id", CLIENT_ID, "redirect_uri", REDIRECT_URI,
				"code_challenge", challenge(VERIFIER), "code_challenge_method", "S256", "state", "state-1",
				"response_type", "code", "prompt", "consent", "scope", scope));
		parameters.addAll(List.of(extra));
		return server.issuer() + "/auth?" + TestHttp.form(parameters.toArray(new String[0]));
	}

	/** Signs in through auto-login and returns the callback's code. */
	static String code(LogtoTestServer server, String scope, String... extra) {
		TestHttp.Reply reply = TestHttp.getNow(authorizationUrl(server, scope, extra));
		assertThat(reply.status()).as("authorization answer: %s", reply.body()).isEqualTo(303);
		assertThat(reply.location()).startsWith(REDIRECT_URI + "?");
		return reply.locationParameters().get("code");
	}

	static TestHttp.Reply exchangeCode(LogtoTestServer server, String code, String verifier) {
		List<String> form = new ArrayList<>(List.of("grant_type", "authorization_code", "code", code,
				"redirect_uri", REDIRECT_URI));
		if (verifier != null) {
			form.addAll(List.of("code_verifier", verifier));
		}
		return TestHttp.postNow(server.issuer() + "/token", TestHttp.basic(CLIENT_ID, CLIENT_SECRET),
				form.toArray(new String[0]));
	}

	/** Auto-login, code exchange; @return the token response */
	static Map<String, Object> tokens(LogtoTestServer server, String scope, String... extra) {
		TestHttp.Reply reply = exchangeCode(server, code(server, scope, extra), VERIFIER);
		assertThat(reply.status()).as("token answer: %s", reply.body()).isEqualTo(200);
		return reply.json();
	}

	static TestHttp.Reply refresh(LogtoTestServer server, String refreshToken, String... extra) {
		List<String> form = new ArrayList<>(List.of("grant_type", "refresh_token", "refresh_token", refreshToken));
		form.addAll(List.of(extra));
		return TestHttp.postNow(server.issuer() + "/token", TestHttp.basic(CLIENT_ID, CLIENT_SECRET),
				form.toArray(new String[0]));
	}

	static SignedJWT jwt(Object token) {
		try {
			return SignedJWT.parse((String) token);
		}
		catch (ParseException ex) {
			throw new AssertionError("not a JWT: " + token, ex);
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
