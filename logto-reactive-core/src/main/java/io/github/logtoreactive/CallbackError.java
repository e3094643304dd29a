package io.github.logtoreactive;

/**
 * Why a sign-in callback was refused. The {@link #code()} values are stable.
 */
public enum CallbackError {

	/** The callback URL is not the redirect URI of the transaction (origin and path must match exactly). */
	REDIRECT_URI_MISMATCHED("callback.redirect_uri_mismatched"),

	/** Logto redirected back with an {@code error} parameter (e.g. {@code access_denied}). */
	ERROR_FOUND("callback.error_found"),

	/** The callback carries no {@code state}. */
	MISSING_STATE("callback.missing_state"),

	/** No pending sign-in matches the {@code state}: forged, replayed, or from another browser. */
	STATE_MISMATCHED("callback.state_mismatched"),

	/** The sign-in transaction is older than its time to live. */
	TRANSACTION_EXPIRED("callback.transaction_expired"),

	/** The RFC 9207 {@code iss} parameter is not the issuer of this Logto tenant. */
	ISSUER_MISMATCHED("callback.issuer_mismatched"),

	/** The callback carries no {@code code}. */
	MISSING_CODE("callback.missing_code"),

	/** The callback URL cannot be parsed. */
	MALFORMED_URI("callback.malformed_uri");

	private final String code;

	CallbackError(String code) {
		this.code = code;
	}

	/**
	 * @return the stable error code
	 */
	public String code() {
		return this.code;
	}
}
