package io.github.logtoreactive.store;

/**
 * The {@code SameSite} attribute of the session cookies.
 */
public enum SameSite {

	/** Sent on top-level cross-site navigations (the Logto callback) and same-site requests. The default. */
	LAX("Lax"),

	/**
	 * Sent on same-site requests only. Sign-in transaction cookies stay {@code Lax} even then, or the callback from
	 * Logto (a cross-site navigation) would arrive without them.
	 */
	STRICT("Strict"),

	/** Sent everywhere, e.g. for an app embedded in a third-party frame; requires {@code Secure}. */
	NONE("None");

	private final String attribute;

	SameSite(String attribute) {
		this.attribute = attribute;
	}

	/**
	 * @return the attribute value as written in {@code Set-Cookie}
	 */
	public String attribute() {
		return this.attribute;
	}
}
