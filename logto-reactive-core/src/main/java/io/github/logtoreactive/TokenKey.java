package io.github.logtoreactive;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Which access token: the default (opaque, user-info) token, an API resource's token, an organization token, or an
 * organization-level API resource token. {@code null} and empty strings mean "none", so equivalent requests always
 * share one key. Immutable.
 *
 * <p>
 * {@link #toString()} is Logto's storage key: {@code @}, {@code @<resource>}, {@code @#<org>},
 * {@code @<resource>#<org>}.
 */
public final class TokenKey {

	/** The default (opaque) access token, for user info. */
	public static final TokenKey DEFAULT = new TokenKey(null, null);

	private final @Nullable String resource;

	private final @Nullable String organizationId;

	private TokenKey(@Nullable String resource, @Nullable String organizationId) {
		this.resource = resource;
		this.organizationId = organizationId;
	}

	/**
	 * @param resource the API resource indicator, or {@code null}
	 * @param organizationId the organization id, or {@code null}
	 * @return the key
	 */
	public static TokenKey of(@Nullable String resource, @Nullable String organizationId) {
		String r = (resource == null || resource.isEmpty()) ? null : resource;
		String o = (organizationId == null || organizationId.isEmpty()) ? null : organizationId;
		if (r == null && o == null) {
			return DEFAULT;
		}
		return new TokenKey(r, o);
	}

	/**
	 * @param resource the API resource indicator
	 * @return the key of that resource's token
	 */
	public static TokenKey resource(String resource) {
		return of(Objects.requireNonNull(resource, "resource"), null);
	}

	/**
	 * @param organizationId the organization id
	 * @return the key of that organization's token
	 */
	public static TokenKey organization(String organizationId) {
		return of(null, Objects.requireNonNull(organizationId, "organizationId"));
	}

	/**
	 * Parses {@link #toString()}.
	 * @param value a key string
	 * @return the key
	 * @throws IllegalArgumentException when the value is not a key string
	 */
	public static TokenKey parse(String value) {
		if (!value.startsWith("@")) {
			throw new IllegalArgumentException("not a token key");
		}
		int hash = value.lastIndexOf('#');
		if (hash < 0) {
			return of(value.substring(1), null);
		}
		return of(value.substring(1, hash), value.substring(hash + 1));
	}

	/**
	 * @return the API resource indicator, or {@code null}
	 */
	public @Nullable String resource() {
		return this.resource;
	}

	/**
	 * @return the organization id, or {@code null}
	 */
	public @Nullable String organizationId() {
		return this.organizationId;
	}

	/**
	 * @return whether this is the default (opaque, user-info) token
	 */
	public boolean isDefault() {
		return this.resource == null && this.organizationId == null;
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof TokenKey other && Objects.equals(this.resource, other.resource)
				&& Objects.equals(this.organizationId, other.organizationId);
	}

	@Override
	public int hashCode() {
		// Objects.hash's value without its varargs array: looked up on every token-cache hit
		return 31 * (31 + Objects.hashCode(this.resource)) + Objects.hashCode(this.organizationId);
	}

	@Override
	public String toString() {
		return "@" + (this.resource == null ? "" : this.resource)
				+ (this.organizationId == null ? "" : "#" + this.organizationId);
	}
}
