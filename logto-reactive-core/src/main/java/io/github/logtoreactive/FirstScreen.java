package io.github.logtoreactive;

/**
 * Values of Logto's {@code first_screen} sign-in parameter: which screen the sign-in experience opens on.
 */
public enum FirstScreen {

	/** {@code sign_in}. */
	SIGN_IN("sign_in"),

	/** {@code register}. */
	REGISTER("register"),

	/** {@code reset_password}. */
	RESET_PASSWORD("reset_password"),

	/** {@code identifier:sign_in}. */
	IDENTIFIER_SIGN_IN("identifier:sign_in"),

	/** {@code identifier:register}. */
	IDENTIFIER_REGISTER("identifier:register"),

	/** {@code single_sign_on}. */
	SINGLE_SIGN_ON("single_sign_on");

	private final String value;

	FirstScreen(String value) {
		this.value = value;
	}

	/**
	 * @return the wire value
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Parses a wire value (or the deprecated {@code signIn}, which means {@link #SIGN_IN}).
	 * @param value the wire value
	 * @return the screen
	 * @throws IllegalArgumentException when the value is unknown
	 */
	public static FirstScreen fromValue(String value) {
		if ("signIn".equals(value)) {
			return SIGN_IN;
		}
		for (FirstScreen screen : values()) {
			if (screen.value.equals(value)) {
				return screen;
			}
		}
		throw new IllegalArgumentException("unknown first screen '" + value + "'");
	}
}
