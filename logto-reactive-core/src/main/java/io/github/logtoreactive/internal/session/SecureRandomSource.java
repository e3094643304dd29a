package io.github.logtoreactive.internal.session;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The JVM-wide {@link SecureRandom} for IVs and session ids: a DRBG seeded once, when this class initializes (at
 * application start, when a codec or store is built), so that later calls on event-loop threads never read
 * {@code /dev/urandom} (a blocking file read that BlockHound would flag, as {@code NativePRNG} does per call).
 * <p>
 * Public only because the store package's session-id codec uses it.
 */
public final class SecureRandomSource {

	private static final SecureRandom RANDOM = create();

	private SecureRandomSource() {
	}

	private static SecureRandom create() {
		SecureRandom random;
		try {
			random = SecureRandom.getInstance("DRBG");
		}
		catch (NoSuchAlgorithmException ex) {
			random = new SecureRandom();
		}
		random.nextBytes(new byte[16]);
		return random;
	}

	/**
	 * @return the shared, already seeded instance
	 */
	public static SecureRandom get() {
		return RANDOM;
	}

	/**
	 * @param n how many bytes
	 * @return {@code n} random bytes
	 */
	public static byte[] bytes(int n) {
		byte[] b = new byte[n];
		RANDOM.nextBytes(b);
		return b;
	}
}
