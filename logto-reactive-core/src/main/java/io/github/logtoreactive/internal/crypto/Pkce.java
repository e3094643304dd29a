package io.github.logtoreactive.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * PKCE (RFC 7636) with the only method Logto accepts, {@code S256}.
 * <p>
 * Public only because the internal signin package (and the test fixtures, playing Logto) use it.
 */
public final class Pkce {

	/** The {@code code_challenge_method}. */
	public static final String METHOD = "S256";

	private Pkce() {
	}

	/**
	 * @param verifier the code verifier
	 * @return {@code base64url(SHA-256(ASCII(verifier)))} without padding
	 */
	public static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}
}
