package io.github.logtoreactive.internal.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit key derived for one purpose from one configured secret, with its short key id. {@link #toString()} shows
 * only the key id.
 * <p>
 * Public only because the store package's codecs and {@code CookieSecrets} use it.
 */
public final class CookieKey {

	private static final byte[] KID_LABEL = "logto-reactive key id".getBytes(StandardCharsets.US_ASCII);

	private final String kid;

	private final byte[] bytes;

	private final SecretKey secretKey;

	private CookieKey(String kid, byte[] bytes) {
		this.kid = kid;
		this.bytes = bytes;
		this.secretKey = new SecretKeySpec(bytes, "AES");
	}

	/**
	 * Derives {@code HKDF-SHA256(ikm = UTF-8(secret), salt = "logto-reactive/" + appId, info = "logto-reactive/v1 "
	 * + purpose)}; the key id is the first 8 base64url characters (48 bits) of {@code HMAC-SHA256(key, "logto-reactive
	 * key id")}, which identifies the key without revealing it.
	 * @param secret the configured secret
	 * @param appId the Logto application id (binds keys to the app)
	 * @param purpose what the key encrypts or signs ({@code session}, {@code transaction}, {@code session-id})
	 * @return the key
	 */
	public static CookieKey derive(String secret, String appId, String purpose) {
		byte[] key = Hkdf.deriveKey(secret.getBytes(StandardCharsets.UTF_8),
				("logto-reactive/" + appId).getBytes(StandardCharsets.UTF_8),
				("logto-reactive/v1 " + purpose).getBytes(StandardCharsets.UTF_8), 32);
		byte[] kidHash = Hkdf.hmac(key).doFinal(KID_LABEL);
		String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(kidHash).substring(0, 8);
		return new CookieKey(kid, key);
	}

	/**
	 * @return the key id carried in the JWE {@code kid} header
	 */
	public String kid() {
		return this.kid;
	}

	/**
	 * @return the raw key (do not modify)
	 */
	public byte[] bytes() {
		return this.bytes;
	}

	/**
	 * @return the key as an AES {@link SecretKey}
	 */
	public SecretKey secretKey() {
		return this.secretKey;
	}

	@Override
	public String toString() {
		return "CookieKey{kid=" + this.kid + "}";
	}
}
