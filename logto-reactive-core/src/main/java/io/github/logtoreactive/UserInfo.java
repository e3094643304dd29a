package io.github.logtoreactive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.logtoreactive.internal.ClaimValues;
import org.jspecify.annotations.Nullable;

/**
 * The user's claims as Logto's user-info endpoint ({@code /oidc/me}) returns them: everything the granted scopes
 * allow, including the claims that never reach the ID token by default ({@code custom_data}, {@code identities},
 * {@code sso_identities}, {@code organization_data}). Immutable.
 *
 * <p>
 * {@code created_at} and {@code updated_at} are epoch milliseconds on the wire; {@code name}, {@code picture},
 * {@code username}, {@code email} and {@code phone_number} can be JSON {@code null} (read as {@code null}).
 */
public final class UserInfo {

	private final Map<String, Object> claims;

	/**
	 * @param claims the parsed response body
	 */
	public UserInfo(Map<String, Object> claims) {
		this.claims = ClaimValues.copy(Objects.requireNonNull(claims, "claims"));
	}

	/**
	 * @return the user id
	 */
	public @Nullable String sub() {
		return ClaimValues.string(this.claims, "sub");
	}

	/**
	 * @return the full name, or {@code null}
	 */
	public @Nullable String name() {
		return ClaimValues.string(this.claims, "name");
	}

	/**
	 * @return the avatar URL, or {@code null}
	 */
	public @Nullable String picture() {
		return ClaimValues.string(this.claims, "picture");
	}

	/**
	 * @return the username, or {@code null}
	 */
	public @Nullable String username() {
		return ClaimValues.string(this.claims, "username");
	}

	/**
	 * @return the primary email, or {@code null}
	 */
	public @Nullable String email() {
		return ClaimValues.string(this.claims, "email");
	}

	/**
	 * @return whether the email is verified, or {@code null}
	 */
	public @Nullable Boolean emailVerified() {
		return ClaimValues.bool(this.claims, "email_verified");
	}

	/**
	 * @return the primary phone number, or {@code null}
	 */
	public @Nullable String phoneNumber() {
		return ClaimValues.string(this.claims, "phone_number");
	}

	/**
	 * @return whether the phone number is verified, or {@code null}
	 */
	public @Nullable Boolean phoneNumberVerified() {
		return ClaimValues.bool(this.claims, "phone_number_verified");
	}

	/**
	 * @return when the user was created (from epoch milliseconds), or {@code null}
	 */
	public @Nullable Instant createdAt() {
		return ClaimValues.epochMillis(this.claims, "created_at");
	}

	/**
	 * @return when the user was last updated (from epoch milliseconds), or {@code null}
	 */
	public @Nullable Instant updatedAt() {
		return ClaimValues.epochMillis(this.claims, "updated_at");
	}

	/**
	 * @return role names ({@code roles} scope)
	 */
	public List<String> roles() {
		return ClaimValues.strings(this.claims, "roles");
	}

	/**
	 * @return organization ids ({@code urn:logto:scope:organizations})
	 */
	public List<String> organizations() {
		return ClaimValues.strings(this.claims, "organizations");
	}

	/**
	 * @return {@code "<orgId>:<roleName>"} strings ({@code urn:logto:scope:organization_roles})
	 */
	public List<String> organizationRoles() {
		return ClaimValues.strings(this.claims, "organization_roles");
	}

	/**
	 * @return the user's custom data ({@code custom_data} scope): any JSON value, or {@code null}
	 */
	public @Nullable Object customData() {
		return this.claims.get("custom_data");
	}

	/**
	 * @return the social identities keyed by connector target ({@code identities} scope); empty when absent
	 */
	@SuppressWarnings("unchecked")
	public Map<String, Object> identities() {
		Object value = this.claims.get("identities");
		return value instanceof Map<?, ?> map ? Collections.unmodifiableMap((Map<String, Object>) map) : Map.of();
	}

	/**
	 * @return the organizations with names and descriptions ({@code urn:logto:scope:organizations}); empty when absent
	 */
	public List<OrganizationData> organizationData() {
		if (!(this.claims.get("organization_data") instanceof List<?> list)) {
			return List.of();
		}
		List<OrganizationData> result = new ArrayList<>();
		for (Object element : list) {
			if (element instanceof Map<?, ?> map && map.get("id") instanceof String id) {
				result.add(new OrganizationData(id, map.get("name") instanceof String n ? n : null,
						map.get("description") instanceof String d ? d : null));
			}
		}
		return Collections.unmodifiableList(result);
	}

	/**
	 * @param name a claim name
	 * @return the raw value, or {@code null}
	 */
	public @Nullable Object claim(String name) {
		return this.claims.get(name);
	}

	/**
	 * @return all claims (unmodifiable)
	 */
	public Map<String, Object> claims() {
		return this.claims;
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof UserInfo other && this.claims.equals(other.claims);
	}

	@Override
	public int hashCode() {
		return this.claims.hashCode();
	}

	@Override
	public String toString() {
		return "UserInfo{sub=" + sub() + "}";
	}
}
