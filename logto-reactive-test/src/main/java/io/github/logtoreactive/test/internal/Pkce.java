package io.github.logtoreactive.test.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/** PKCE S256 (RFC 7636): format checks and verification, as in oidc-provider. */
final class Pkce {

	private static final Pattern ALLOWED = Pattern.compile("^[A-Za-z0-9\\-._~]+$");

	private Pkce() {
	}

	/** @throws OidcException invalid_request when the value is too short, too long or has invalid characters */
	static void checkFormat(String value, String name) {
		if (value.length() < 43) {
			throw OidcException.invalidRequest(name + " must be a string with a minimum length of 43 characters");
		}
		if (value.length() > 128) {
			throw OidcException.invalidRequest(name + " must be a string with a maximum length of 128 characters");
		}
		if (!ALLOWED.matcher(value).matches()) {
			throw OidcException.invalidRequest(name + " contains invalid characters");
		}
	}

	/**
	 * @throws OidcException invalid_grant when a verifier is missing, unexpected, malformed or does not match
	 */
	static void verify(String verifier, String challenge) {
		if (verifier == null && challenge == null) {
			return;
		}
		if (verifier == null || challenge == null || verifier.length() < 43 || verifier.length() > 128
				|| !ALLOWED.matcher(verifier).matches()) {
			throw OidcException.invalidGrant();
		}
		byte[] expected = challenge.getBytes(StandardCharsets.US_ASCII);
		byte[] actual = s256(verifier).getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(expected, actual)) {
			throw OidcException.invalidGrant();
		}
	}

	static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}
}
