package io.github.logtoreactive.test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A user the test server can sign in, with the profile Logto keeps for a user.
 *
 * <p>Immutable; build one with {@link #builder(String)}. The fields map to Logto's claims:
 * {@code name}, {@code picture}, {@code username}, {@code email} and {@code phone_number} are JSON {@code null}
 * when unset (they are database columns in Logto), the OIDC profile fields ({@code given_name}, ...) are omitted
 * when unset, {@code email_verified}/{@code phone_number_verified} are {@code true} exactly when the address is
 * set, and {@code created_at}/{@code updated_at} are epoch milliseconds. Roles are referenced by name and must be
 * configured in the same tenant ({@link TestTenant.Builder#role(TestRole)}).
 *
 * <pre>{@code
 * TestUser alice = TestUser.builder("user-1").username("alice").name("Alice")
 *     .email("alice@example.com").password("secret").roles("admin").build();
 * }</pre>
 */
public final class TestUser {

	/** The creation and update time used when none is set: 2025-01-01T00:00:00Z, so tests are repeatable. */
	public static final Instant DEFAULT_TIMESTAMP = Instant.parse("2025-01-01T00:00:00Z");

	private final String id;
	private final String username;
	private final String name;
	private final String email;
	private final String phone;
	private final String picture;
	private final String password;
	private final Map<String, Object> profile;
	private final Map<String, Object> customData;
	private final Map<String, Object> identities;
	private final List<String> roles;
	private final Instant createdAt;
	private final Instant updatedAt;
	private final boolean suspended;

	private TestUser(Builder builder) {
		this.id = builder.id;
		this.username = builder.username;
		this.name = builder.name;
		this.email = builder.email;
		this.phone = builder.phone;
		this.picture = builder.picture;
		this.password = builder.password;
		this.profile = Collections.unmodifiableMap(new LinkedHashMap<>(builder.profile));
		this.customData = Collections.unmodifiableMap(new LinkedHashMap<>(builder.customData));
		this.identities = Collections.unmodifiableMap(new LinkedHashMap<>(builder.identities));
		this.roles = List.copyOf(builder.roles);
		this.createdAt = builder.createdAt;
		this.updatedAt = (builder.updatedAt != null) ? builder.updatedAt : builder.createdAt;
		this.suspended = builder.suspended;
	}

	/**
	 * Starts building a user.
	 * @param id the user id, the {@code sub} of every token issued for this user
	 * @return a new builder
	 * @throws IllegalArgumentException if {@code id} is blank
	 */
	public static Builder builder(String id) {
		return new Builder(id);
	}

	/** @return the user id ({@code sub}) */
	public String id() {
		return this.id;
	}

	/** @return the username, or {@code null} */
	public String username() {
		return this.username;
	}

	/** @return the display name, or {@code null} */
	public String name() {
		return this.name;
	}

	/** @return the primary email, or {@code null} */
	public String email() {
		return this.email;
	}

	/** @return the primary phone number, or {@code null} */
	public String phone() {
		return this.phone;
	}

	/** @return the avatar URL ({@code picture} claim), or {@code null} */
	public String picture() {
		return this.picture;
	}

	/** @return the password for the sign-in page's password form, or {@code null} when the user has none */
	public String password() {
		return this.password;
	}

	/**
	 * The OIDC profile claims that are set, keyed by claim name ({@code given_name}, {@code family_name},
	 * {@code middle_name}, {@code nickname}, {@code preferred_username}, {@code profile}, {@code website},
	 * {@code gender}, {@code birthdate}, {@code zoneinfo}, {@code locale}, {@code address}).
	 * @return an unmodifiable map
	 */
	public Map<String, Object> profile() {
		return this.profile;
	}

	/** @return the {@code custom_data} object, empty when unset */
	public Map<String, Object> customData() {
		return this.customData;
	}

	/** @return the {@code identities} object keyed by connector target, empty when unset */
	public Map<String, Object> identities() {
		return this.identities;
	}

	/** @return the names of the user's global roles */
	public List<String> roles() {
		return this.roles;
	}

	/** @return when the user was created ({@code created_at}, sent as epoch milliseconds) */
	public Instant createdAt() {
		return this.createdAt;
	}

	/** @return when the user was last updated ({@code updated_at}, sent as epoch milliseconds) */
	public Instant updatedAt() {
		return this.updatedAt;
	}

	/** @return whether the user is suspended: cannot sign in, and refresh grants fail with {@code invalid_grant} */
	public boolean suspended() {
		return this.suspended;
	}

	@Override
	public String toString() {
		return "TestUser{id=" + this.id + ", username=" + this.username + ", roles=" + this.roles + "}";
	}

	/** Builds a {@link TestUser}. Not thread-safe; {@link #build()} may be called more than once. */
	public static final class Builder {

		private final String id;
		private String username;
		private String name;
		private String email;
		private String phone;
		private String picture;
		private String password;
		private final Map<String, Object> profile = new LinkedHashMap<>();
		private final Map<String, Object> customData = new LinkedHashMap<>();
		private final Map<String, Object> identities = new LinkedHashMap<>();
		private final List<String> roles = new ArrayList<>();
		private Instant createdAt = DEFAULT_TIMESTAMP;
		private Instant updatedAt;
		private boolean suspended;

		private Builder(String id) {
			this.id = Names.requireText(id, "user id");
		}

		/**
		 * @param username the username ({@code username} claim)
		 * @return this builder
		 */
		public Builder username(String username) {
			this.username = username;
			return this;
		}

		/**
		 * @param name the display name ({@code name} claim)
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * @param email the primary email ({@code email} claim; {@code email_verified} becomes true)
		 * @return this builder
		 */
		public Builder email(String email) {
			this.email = email;
			return this;
		}

		/**
		 * @param phone the primary phone ({@code phone_number} claim)
		 * @return this builder
		 */
		public Builder phone(String phone) {
			this.phone = phone;
			return this;
		}

		/**
		 * @param picture the avatar URL ({@code picture} claim)
		 * @return this builder
		 */
		public Builder picture(String picture) {
			this.picture = picture;
			return this;
		}

		/**
		 * Gives the user a password; the sign-in page then also shows a username/password form.
		 * @param password the plain-text password (this is a test server)
		 * @return this builder
		 */
		public Builder password(String password) {
			this.password = password;
			return this;
		}

		/**
		 * Sets one OIDC profile claim, e.g. {@code profileClaim("given_name", "Alice")}; {@code null} removes it.
		 * @param claim the claim name
		 * @param value the value (a string, or a map for {@code address})
		 * @return this builder
		 */
		public Builder profileClaim(String claim, Object value) {
			Objects.requireNonNull(claim, "claim");
			if (value == null) {
				this.profile.remove(claim);
			}
			else {
				this.profile.put(claim, value);
			}
			return this;
		}

		/**
		 * @param givenName the {@code given_name} claim
		 * @return this builder
		 */
		public Builder givenName(String givenName) {
			return profileClaim("given_name", givenName);
		}

		/**
		 * @param familyName the {@code family_name} claim
		 * @return this builder
		 */
		public Builder familyName(String familyName) {
			return profileClaim("family_name", familyName);
		}

		/**
		 * @param locale the {@code locale} claim, e.g. {@code en-US}
		 * @return this builder
		 */
		public Builder locale(String locale) {
			return profileClaim("locale", locale);
		}

		/**
		 * @param address the {@code address} claim object ({@code formatted}, {@code country}, ...)
		 * @return this builder
		 */
		public Builder address(Map<String, ?> address) {
			return profileClaim("address", (address != null) ? new LinkedHashMap<>(address) : null);
		}

		/**
		 * @param customData the {@code custom_data} object
		 * @return this builder
		 */
		public Builder customData(Map<String, ?> customData) {
			this.customData.clear();
			this.customData.putAll(Objects.requireNonNull(customData, "customData"));
			return this;
		}

		/**
		 * @param identities the {@code identities} object keyed by connector target
		 * @return this builder
		 */
		public Builder identities(Map<String, ?> identities) {
			this.identities.clear();
			this.identities.putAll(Objects.requireNonNull(identities, "identities"));
			return this;
		}

		/**
		 * Assigns global roles by name; each must be configured with {@link TestTenant.Builder#role(TestRole)}.
		 * @param roleNames the role names, added to those already assigned
		 * @return this builder
		 */
		public Builder roles(String... roleNames) {
			for (String role : roleNames) {
				this.roles.add(Names.requireText(role, "role name"));
			}
			return this;
		}

		/**
		 * @param createdAt the creation time
		 * @return this builder
		 */
		public Builder createdAt(Instant createdAt) {
			this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
			return this;
		}

		/**
		 * @param updatedAt the update time; defaults to the creation time
		 * @return this builder
		 */
		public Builder updatedAt(Instant updatedAt) {
			this.updatedAt = updatedAt;
			return this;
		}

		/**
		 * @param suspended whether the user is suspended
		 * @return this builder
		 */
		public Builder suspended(boolean suspended) {
			this.suspended = suspended;
			return this;
		}

		/** @return a new immutable user */
		public TestUser build() {
			return new TestUser(this);
		}
	}
}
