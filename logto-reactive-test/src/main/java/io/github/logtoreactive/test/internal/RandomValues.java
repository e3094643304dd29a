package io.github.logtoreactive.test.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random token values for codes, tokens, session ids and {@code jti}s.
 *
 * <p>The default {@code SecureRandom} on Linux reads {@code /dev/urandom} on every call, which BlockHound reports
 * as blocking I/O on an event loop. This class therefore uses a DRBG instance that is seeded once, eagerly, on the
 * thread that builds the server; afterwards it generates bytes in memory only (a DRBG without prediction
 * resistance does not reseed from the OS within its reseed interval).
 */
public final class RandomValues {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random;

	/** Creates and seeds the generator; call from a thread that may block (not an event loop). */
	public RandomValues() {
		try {
			this.random = SecureRandom.getInstance("DRBG");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("the JDK provides no DRBG SecureRandom", ex);
		}
		this.random.nextBytes(new byte[16]);
	}

	/** @return the seeded generator, e.g. for signers that need randomness (ECDSA) */
	public SecureRandom secureRandom() {
		return this.random;
	}

	/**
	 * @param bytes the number of random bytes
	 * @return the bytes, base64url-encoded without padding (43 characters for 32 bytes, never a dot)
	 */
	public String token(int bytes) {
		byte[] value = new byte[bytes];
		this.random.nextBytes(value);
		return BASE64URL.encodeToString(value);
	}
}
