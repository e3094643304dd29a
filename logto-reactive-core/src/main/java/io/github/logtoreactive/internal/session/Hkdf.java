package io.github.logtoreactive.internal.session;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): extract a pseudorandom key from input key material and a salt, then expand it
 * with a context {@code info} into output key material.
 * <p>
 * Public only because the store package's codecs use it.
 */
public final class Hkdf {

	private static final String HMAC_SHA256 = "HmacSHA256";

	private static final int HASH_LENGTH = 32;

	private Hkdf() {
	}

	/**
	 * @param ikm the input key material
	 * @param salt the salt (an empty salt means {@code HashLen} zero bytes, as RFC 5869 says)
	 * @param info the context
	 * @param length the output length in bytes, at most 255 * 32
	 * @return the output key material
	 */
	public static byte[] deriveKey(byte[] ikm, byte[] salt, byte[] info, int length) {
		return expand(extract(salt, ikm), info, length);
	}

	static byte[] extract(byte[] salt, byte[] ikm) {
		byte[] effectiveSalt = (salt.length == 0) ? new byte[HASH_LENGTH] : salt;
		return hmac(effectiveSalt).doFinal(ikm);
	}

	static byte[] expand(byte[] prk, byte[] info, int length) {
		if (length <= 0 || length > 255 * HASH_LENGTH) {
			throw new IllegalArgumentException("HKDF output length must be within 1.." + (255 * HASH_LENGTH));
		}
		Mac mac = hmac(prk);
		byte[] okm = new byte[length];
		byte[] previous = new byte[0];
		int written = 0;
		for (int counter = 1; written < length; counter++) {
			mac.update(previous);
			mac.update(info);
			mac.update((byte) counter);
			previous = mac.doFinal();
			int n = Math.min(previous.length, length - written);
			System.arraycopy(previous, 0, okm, written, n);
			written += n;
		}
		return okm;
	}

	/**
	 * @param key an HMAC-SHA256 key
	 * @return a fresh, initialized HMAC-SHA256
	 */
	public static Mac hmac(byte[] key) {
		try {
			Mac mac = Mac.getInstance(HMAC_SHA256);
			mac.init(new SecretKeySpec(key, HMAC_SHA256));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
		}
	}
}
