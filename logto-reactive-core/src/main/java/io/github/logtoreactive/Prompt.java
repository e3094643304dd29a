package io.github.logtoreactive;

/**
 * Values of the {@code prompt} parameter. The default is {@link #CONSENT}, which Logto needs to issue a refresh token.
 */
public enum Prompt {

	/** {@code none}: no interaction; fails when the user is not signed in at Logto. */
	NONE("none"),

	/** {@code consent}: the default; lets Logto grant {@code offline_access} (a refresh token). */
	CONSENT("consent"),

	/** {@code login}: always ask the user to sign in again (Logto then issues no refresh token). */
	LOGIN("login");

	private final String value;

	Prompt(String value) {
		this.value = value;
	}

	/**
	 * @return the wire value
	 */
	public String value() {
		return this.value;
	}
}
