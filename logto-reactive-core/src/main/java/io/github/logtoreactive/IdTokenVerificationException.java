package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;

/**
 * An ID token failed verification. Code {@code id_token.<reason>}; {@link #reason()} says which check failed.
 */
public final class IdTokenVerificationException extends LogtoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Which check an ID token failed.
	 */
	public enum Reason {

		/** Not a signed JWT, or unparsable. */
		MALFORMED("malformed"),

		/** The algorithm is not in the allow-list ({@code none} and HMAC are never allowed). */
		ALGORITHM_NOT_ALLOWED("algorithm_not_allowed"),

		/** No key with the token's {@code kid}, even after refetching the JWKS. */
		UNKNOWN_KEY("unknown_key"),

		/** The signature does not verify. */
		BAD_SIGNATURE("bad_signature"),

		/**
		 * {@code iss} is not the discovered issuer; or, for an ID token returned by a refresh, not the issuer of the
		 * session's ID token.
		 */
		ISSUER_MISMATCH("issuer_mismatch"),

		/**
		 * {@code aud} does not contain the application id; or, for an ID token returned by a refresh, is not the
		 * audience of the session's ID token.
		 */
		AUDIENCE_MISMATCH("audience_mismatch"),

		/** {@code exp} is in the past (beyond the clock tolerance). */
		EXPIRED("expired"),

		/** {@code iat} is in the future (beyond the clock tolerance). */
		ISSUED_IN_FUTURE("issued_in_future"),

		/** {@code nonce} does not match the sign-in transaction. */
		NONCE_MISMATCH("nonce_mismatch"),

		/** A required claim ({@code sub}, {@code exp}, {@code iat}) is missing. */
		MISSING_CLAIM("missing_claim"),

		/**
		 * An ID token returned by a refresh names another subject ({@code sub}) than the session's ID token (OIDC Core
		 * 12.2). Nothing of that response is kept: the session keeps its own tokens.
		 */
		SUBJECT_MISMATCH("subject_mismatch");

		private final String value;

		Reason(String value) {
			this.value = value;
		}

		/**
		 * @return the wire value used in the code
		 */
		public String value() {
			return this.value;
		}
	}

	private final Reason reason;

	/**
	 * @param reason which check failed
	 * @param message a description without the token
	 * @param cause the cause, or {@code null}
	 */
	public IdTokenVerificationException(Reason reason, String message, @Nullable Throwable cause) {
		super("id_token." + reason.value(), message, cause);
		this.reason = reason;
	}

	/**
	 * @return which check failed
	 */
	public Reason reason() {
		return this.reason;
	}
}
