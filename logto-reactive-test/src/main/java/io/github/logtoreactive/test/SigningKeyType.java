package io.github.logtoreactive.test;

/**
 * The kind of key the test server signs ID tokens, JWT access tokens and logout tokens with.
 *
 * <p>Every key is published in the JWKS with its RFC 7638 thumbprint as {@code kid}.
 */
public enum SigningKeyType {

	/** EC P-384 signing with ES384: what a default Logto seed generates. This is the default. */
	EC_P384("ES384"),

	/** EC P-256 signing with ES256. */
	EC_P256("ES256"),

	/** RSA 2048 signing with RS256 (Logto generates RSA 4096 keys on request; 2048 keeps tests fast). */
	RSA_2048("RS256");

	private final String algorithm;

	SigningKeyType(String algorithm) {
		this.algorithm = algorithm;
	}

	/**
	 * The JWS algorithm used for tokens signed with this kind of key.
	 * @return the JWS {@code alg} value, e.g. {@code ES384}
	 */
	public String algorithm() {
		return this.algorithm;
	}
}
