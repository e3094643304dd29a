package io.github.logtoreactive.example;

import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jwt.JWTParser;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the claims of a JWT access token the library just returned (it came from Logto over TLS; the API that
 * receives it verifies it). Decoding the very token that is returned keeps {@code accessToken} and
 * {@code accessTokenClaims} consistent even if a refresh happens in between.
 */
final class TokenClaims {

	private TokenClaims() {
	}

	/**
	 * @param token an access token
	 * @return its claims (times in epoch seconds), or {@code null} for an opaque token
	 */
	static @Nullable Map<String, Object> decode(String token) {
		try {
			return JWTParser.parse(token).getJWTClaimsSet().toJSONObject();
		}
		catch (ParseException | RuntimeException ex) {
			return null;
		}
	}
}
