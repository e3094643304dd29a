package io.github.logtoreactive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The claims of a Logto ID token, with typed accessors for the claims Logto issues and {@link #claims()} for all of
 * them. Immutable and thread-safe.
 *
 * <p>
 * Logto specifics: {@code name}, {@code picture}, {@code username}, {@code email} and {@code phone_number} may be
 * JSON {@code null} (read as {@code null}); {@code created_at} and {@code updated_at} are epoch <em>milliseconds</em>
 * (not the seconds of OpenID Connect); {@code roles}, {@code organizations} and {@code organization_roles}
 * ({@code "<orgId>:<roleName>"}) appear only when the matching scopes were granted. A typed accessor returns
 * {@code null} (or an empty list) when the claim is absent or has another type; {@link #claim(String)} returns the
 * value as sent.
 *
 * <pre>{@code
 * client.getIdTokenClaims().map(claims -> claims.email());
 * }</pre>
 */
public final class IdTokenClaims {

	private final Map<String, @Nullable Object> claims;

	private final String sub;

	private final String iss;

	private final List<String> aud;

	private final Instant exp;

	private final Instant iat;

	private IdTokenClaims(Map<String, @Nullable Object> claims, String sub, String iss, List<String> aud, Instant exp,
			Instant iat) {
		this.claims = claims;
		this.sub = sub;
		this.iss = iss;
		this.aud = aud;
		this.exp = exp;
		this.iat = iat;
	}

	/**
	 * Builds claims from a decoded JSON payload (no verification happens here). Nested objects and arrays are copied
	 * into unmodifiable ones.
	 * @param claims the payload: {@code sub} and {@code iss} strings, {@code aud} a string or an array of strings,
	 * {@code exp} and {@code iat} numbers of epoch seconds
	 * @return the claims
	 * @throws IllegalArgumentException when a required claim is missing or has another type
	 */
	public static IdTokenClaims of(Map<String, ?> claims) {
		Objects.requireNonNull(claims, "claims");
		Map<String, @Nullable Object> copy = copyMap(claims);
		String sub = requireString(copy, "sub");
		String iss = requireString(copy, "iss");
		Object audValue = copy.get("aud");
		List<String> aud;
		if (audValue instanceof String s) {
			aud = List.of(s);
		}
		else if (audValue instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
			aud = list.stream().map(String.class::cast).toList();
		}
		else {
			throw new IllegalArgumentException("'aud' must be a string or an array of strings");
		}
		return new IdTokenClaims(copy, sub, iss, aud, requireSeconds(copy, "exp"), requireSeconds(copy, "iat"));
	}

	private static String requireString(Map<String, @Nullable Object> claims, String name) {
		if (claims.get(name) instanceof String s) {
			return s;
		}
		throw new IllegalArgumentException("'" + name + "' must be a string");
	}

	private static Instant requireSeconds(Map<String, @Nullable Object> claims, String name) {
		if (claims.get(name) instanceof Number n) {
			return Instant.ofEpochSecond(n.longValue());
		}
		throw new IllegalArgumentException("'" + name + "' must be a number of seconds");
	}

	private static Map<String, @Nullable Object> copyMap(Map<?, ?> source) {
		Map<String, @Nullable Object> copy = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : source.entrySet()) {
			copy.put(String.valueOf(entry.getKey()), copyValue(entry.getValue()));
		}
		return Collections.unmodifiableMap(copy);
	}

	private static @Nullable Object copyValue(@Nullable Object value) {
		if (value instanceof Map<?, ?> map) {
			return copyMap(map);
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> copy = new ArrayList<>(list.size());
			for (Object item : list) {
				copy.add(copyValue(item));
			}
			return Collections.unmodifiableList(copy);
		}
		return value;
	}

	/**
	 * @return every claim as sent (unmodifiable; JSON {@code null} values are kept as {@code null})
	 */
	public Map<String, @Nullable Object> claims() {
		return this.claims;
	}

	/**
	 * @param name a claim name
	 * @return the claim's value as sent, or {@code null} when absent or JSON {@code null}
	 */
	public @Nullable Object claim(String name) {
		return this.claims.get(name);
	}

	/**
	 * @return {@code sub}: the Logto user id
	 */
	public String sub() {
		return this.sub;
	}

	/**
	 * @return {@code iss}: the issuer, {@code <endpoint>/oidc}
	 */
	public String iss() {
		return this.iss;
	}

	/**
	 * @return {@code aud} as a list (Logto sends the app id as a single string)
	 */
	public List<String> aud() {
		return this.aud;
	}

	/**
	 * @return {@code exp}: when the ID token expires
	 */
	public Instant exp() {
		return this.exp;
	}

	/**
	 * @return {@code iat}: when the ID token was issued
	 */
	public Instant iat() {
		return this.iat;
	}

	/**
	 * @return {@code sid}: Logto's session id, or {@code null}
	 */
	public @Nullable String sid() {
		return string("sid");
	}

	/**
	 * @return {@code name} (scope {@code profile}), or {@code null}
	 */
	public @Nullable String name() {
		return string("name");
	}

	/**
	 * @return {@code picture} (scope {@code profile}), or {@code null}
	 */
	public @Nullable String picture() {
		return string("picture");
	}

	/**
	 * @return {@code username} (scope {@code profile}), or {@code null}
	 */
	public @Nullable String username() {
		return string("username");
	}

	/**
	 * @return {@code email} (scope {@code email}), or {@code null}
	 */
	public @Nullable String email() {
		return string("email");
	}

	/**
	 * @return {@code email_verified}: {@code true} only when Logto says so
	 */
	public boolean emailVerified() {
		return Boolean.TRUE.equals(this.claims.get("email_verified"));
	}

	/**
	 * @return {@code phone_number} (scope {@code phone}), or {@code null}
	 */
	public @Nullable String phoneNumber() {
		return string("phone_number");
	}

	/**
	 * @return {@code phone_number_verified}: {@code true} only when Logto says so
	 */
	public boolean phoneNumberVerified() {
		return Boolean.TRUE.equals(this.claims.get("phone_number_verified"));
	}

	/**
	 * @return {@code roles} (scope {@code roles}): role names, empty when absent
	 */
	public List<String> roles() {
		return strings("roles");
	}

	/**
	 * @return {@code organizations} (scope {@code urn:logto:scope:organizations}): organization ids, empty when absent
	 */
	public List<String> organizations() {
		return strings("organizations");
	}

	/**
	 * @return {@code organization_roles} (scope {@code urn:logto:scope:organization_roles}):
	 * {@code "<orgId>:<roleName>"} values, empty when absent
	 */
	public List<String> organizationRoles() {
		return strings("organization_roles");
	}

	/**
	 * @return {@code created_at}, which Logto sends in epoch milliseconds, or {@code null}
	 */
	public @Nullable Instant createdAt() {
		return millis("created_at");
	}

	/**
	 * @return {@code updated_at}, which Logto sends in epoch milliseconds, or {@code null}
	 */
	public @Nullable Instant updatedAt() {
		return millis("updated_at");
	}

	private @Nullable String string(String name) {
		return this.claims.get(name) instanceof String s ? s : null;
	}

	private List<String> strings(String name) {
		if (this.claims.get(name) instanceof List<?> list) {
			return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
		}
		return List.of();
	}

	private @Nullable Instant millis(String name) {
		return this.claims.get(name) instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : null;
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof IdTokenClaims other && this.claims.equals(other.claims);
	}

	@Override
	public int hashCode() {
		return this.claims.hashCode();
	}

	@Override
	public String toString() {
		return "IdTokenClaims{sub=" + this.sub + ", iss=" + this.iss + ", exp=" + this.exp + "}";
	}
}
