package io.github.logtoreactive.internal.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The engine's one source of unguessable values: session ids, {@code state}, {@code nonce} and PKCE verifiers, each
 * base64url without padding. Thread-safe.
 *
 * <p>
 * Never blocks after construction: the generator is a DRBG (or the platform default when DRBG is unavailable) that is
 * seeded eagerly in the constructor, i.e. when the engine is built, on the caller's thread, never on an event loop.
 * A seeded DRBG only computes hashes until its reseed interval (billions of requests), so it does no I/O per call.
 * BlockHound guards this in every test JVM.
 * <p>
 * Public only because {@code EngineComponents} and the internal signin package use it.
 */
public final class SecureRandomStrings {

	/** Bytes behind {@code state}, {@code nonce} and session ids: 256 bits, twice the 128 bits required. */
	public static final int TOKEN_BYTES = 32;

	/** Bytes behind a PKCE verifier: 64 bytes give 86 characters (RFC 7636 allows 43 to 128). */
	public static final int VERIFIER_BYTES = 64;

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random;

	/**
	 * Creates and seeds a DRBG (falls back to the platform default).
	 */
	public SecureRandomStrings() {
		this(defaultRandom());
	}

	/**
	 * @param random the generator to use; it is seeded now by drawing one value
	 */
	public SecureRandomStrings(SecureRandom random) {
		this.random = Objects.requireNonNull(random, "random");
		this.random.nextBytes(new byte[TOKEN_BYTES]);
	}

	private static SecureRandom defaultRandom() {
		try {
			return SecureRandom.getInstance("DRBG");
		}
		catch (NoSuchAlgorithmException ex) {
			return new SecureRandom();
		}
	}

	/**
	 * @param bytes how many random bytes
	 * @return base64url (no padding) of that many random bytes
	 */
	public String base64Url(int bytes) {
		byte[] buffer = new byte[bytes];
		this.random.nextBytes(buffer);
		return ENCODER.encodeToString(buffer);
	}

	/**
	 * @return a fresh session id (256 bits)
	 */
	public String sessionId() {
		return base64Url(TOKEN_BYTES);
	}

	/**
	 * @return a fresh {@code state} (256 bits)
	 */
	public String state() {
		return base64Url(TOKEN_BYTES);
	}

	/**
	 * @return a fresh {@code nonce} (256 bits)
	 */
	public String nonce() {
		return base64Url(TOKEN_BYTES);
	}

	/**
	 * @return a fresh PKCE code verifier (86 characters from the unreserved set)
	 */
	public String codeVerifier() {
		return base64Url(VERIFIER_BYTES);
	}
}
