package io.github.logtoreactive;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Logto's {@code direct_sign_in} parameter: skip the sign-in screen and go straight to a social connector
 * ({@code social:<target>}) or an enterprise SSO connector ({@code sso:<connector-id>}). Immutable.
 */
public final class DirectSignIn {

	private final String method;

	private final String target;

	private DirectSignIn(String method, String target) {
		this.method = method;
		this.target = target;
	}

	/**
	 * @param target the social connector target, e.g. {@code google}
	 * @return {@code social:<target>}
	 */
	public static DirectSignIn social(String target) {
		return new DirectSignIn("social", requireTarget(target));
	}

	/**
	 * @param connectorId the enterprise SSO connector id
	 * @return {@code sso:<connectorId>}
	 */
	public static DirectSignIn sso(String connectorId) {
		return new DirectSignIn("sso", requireTarget(connectorId));
	}

	/**
	 * Parses {@code social:<target>} or {@code sso:<id>}.
	 * @param value the wire value
	 * @return the parsed value
	 * @throws IllegalArgumentException when the value has another shape
	 */
	public static DirectSignIn parse(String value) {
		Objects.requireNonNull(value, "value");
		int colon = value.indexOf(':');
		if (colon > 0) {
			String method = value.substring(0, colon);
			String target = value.substring(colon + 1);
			if ("social".equals(method)) {
				return social(target);
			}
			if ("sso".equals(method)) {
				return sso(target);
			}
		}
		throw new IllegalArgumentException("directSignIn must be 'social:<target>' or 'sso:<connector-id>'");
	}

	private static String requireTarget(String target) {
		Objects.requireNonNull(target, "target");
		if (target.isBlank()) {
			throw new IllegalArgumentException("directSignIn target must not be blank");
		}
		return target;
	}

	/**
	 * @return {@code social} or {@code sso}
	 */
	public String method() {
		return this.method;
	}

	/**
	 * @return the connector target or id
	 */
	public String target() {
		return this.target;
	}

	/**
	 * @return the wire value, {@code <method>:<target>}
	 */
	public String value() {
		return this.method + ":" + this.target;
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof DirectSignIn other && this.method.equals(other.method) && this.target.equals(other.target);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.method, this.target);
	}

	@Override
	public String toString() {
		return value();
	}
}
