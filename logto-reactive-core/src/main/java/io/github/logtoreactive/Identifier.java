package io.github.logtoreactive;

/**
 * Identifier types for Logto's {@code identifier} sign-in parameter (space-joined on the wire).
 */
public enum Identifier {

	/** {@code email}. */
	EMAIL("email"),

	/** {@code phone}. */
	PHONE("phone"),

	/** {@code username}. */
	USERNAME("username");

	private final String value;

	Identifier(String value) {
		this.value = value;
	}

	/**
	 * @return the wire value
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Parses a wire value.
	 * @param value the wire value
	 * @return the identifier
	 * @throws IllegalArgumentException when the value is unknown
	 */
	public static Identifier fromValue(String value) {
		for (Identifier identifier : values()) {
			if (identifier.value.equals(value)) {
				return identifier;
			}
		}
		throw new IllegalArgumentException("unknown identifier '" + value + "'");
	}
}
