package io.github.logtoreactive.internal.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SignInTransaction;
import io.github.logtoreactive.TokenKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a session becomes after being written as JSON and read back (cookie payloads and store values): exactly the
 * same tokens, whatever their shape (a signed JWT is stored by its decoded parts, and must come back byte for byte so
 * that it still verifies), and every pending sign-in transaction, with or without a post-sign-in redirect.
 */
class SessionJsonRoundTripTests {

	private static final Instant CREATED = Instant.parse("2026-11-25T10:00:00Z");

	private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

	private static String jwt(String headerJson, String payloadJson) {
		return B64URL.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
				+ B64URL.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJlLWJ5dGVz";
	}

	@Test
	void readWhenTheTokensAreSignedJwtsThenEachComesBackExactly() throws Exception {
		String idToken = jwt("{\"alg\":\"ES384\",\"kid\":\"k1\"}",
				"{\"sub\":\"user-1\",\"iss\":\"https://logto.example/oidc\",\"aud\":\"app\",\"exp\":1764068400}");
		String accessToken = jwt("{\"alg\":\"ES384\",\"typ\":\"at+jwt\"}",
				"{\"sub\":\"user-1\",\"aud\":\"https://api.example\",\"scope\":\"read write\"}");
		String refreshToken = jwt("{\"alg\":\"none\"}", "{\"jti\":\"r\\u00e9fresh\"}");
		LogtoSession session = LogtoSession.create("session-1", CREATED)
			.withTokens(idToken, refreshToken)
			.withAccessToken(TokenKey.resource("https://api.example"),
					new AccessToken(accessToken, "read write", CREATED, CREATED.plusSeconds(3600)));

		LogtoSession read = SessionJson.read(SessionJson.write(session, false));

		assertThat(read.idToken()).isEqualTo(idToken);
		assertThat(read.refreshToken()).isEqualTo(refreshToken);
		assertThat(read.accessToken(TokenKey.resource("https://api.example")).token()).isEqualTo(accessToken);
	}

	@Test
	void readWhenATokenOnlyLooksLikeAJwtThenItComesBackExactly() throws Exception {
		// "e31" reads as the same bytes as the canonical "e30" ("{}"); the second token's middle part is not UTF-8.
		String nonCanonical = "e31.e30.c2ln";
		String notUtf8 = "e30." + B64URL.encodeToString(new byte[] { (byte) 0xff, (byte) 0xfe }) + ".c2ln";
		LogtoSession session = LogtoSession.create("session-1", CREATED).withTokens(nonCanonical, notUtf8);

		LogtoSession read = SessionJson.read(SessionJson.write(session, false));

		assertThat(read.idToken()).isEqualTo(nonCanonical);
		assertThat(read.refreshToken()).isEqualTo(notUtf8);
	}

	@Test
	void readWhenTheSessionHoldsTransactionsThenEachComesBackWithItsPostSignInRedirectOrWithout() throws Exception {
		SignInTransaction withRedirect = new SignInTransaction("state-1", "verifier-1", "nonce-1",
				"https://app.example/callback", "/after", CREATED);
		SignInTransaction withoutRedirect = new SignInTransaction("state-2", "verifier-2", "nonce-2",
				"https://app.example/callback", null, CREATED.plusSeconds(5));
		LogtoSession session = LogtoSession.create("session-1", CREATED)
			.withTransaction(withRedirect)
			.withTransaction(withoutRedirect);

		LogtoSession read = SessionJson.read(SessionJson.write(session, true));

		assertThat(read.transactions()).isEqualTo(Map.of("state-1", withRedirect, "state-2", withoutRedirect));
	}
}
