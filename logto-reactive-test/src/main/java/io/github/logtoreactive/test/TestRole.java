package io.github.logtoreactive.test;

import java.util.Map;
import java.util.Set;

/**
 * A global (tenant-level) role: a named set of API resource scopes, assigned to users
 * ({@link TestUser.Builder#roles(String...)}) or to machine-to-machine apps ({@link TestM2mApp.Builder#roles(String...)}).
 *
 * <p>Role names appear in the {@code roles} claim. Immutable; build one with {@link #builder(String)}:
 * <pre>{@code
 * TestRole admin = TestRole.builder("admin").scope("https://api.example.com", "read")
 *     .scope("https://api.example.com", "write").build();
 * }</pre>
 */
public final class TestRole {

	private final String name;
	private final String description;
	private final Map<String, Set<String>> scopes;

	private TestRole(Builder builder) {
		this.name = builder.name;
		this.description = builder.description;
		this.scopes = builder.scopes.toUnmodifiableMap();
	}

	/**
	 * Starts building a role.
	 * @param name the role name, unique among roles
	 * @return a new builder
	 */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/** @return the role name */
	public String name() {
		return this.name;
	}

	/** @return the description, or {@code null} */
	public String description() {
		return this.description;
	}

	/** @return the scopes this role grants, keyed by resource indicator */
	public Map<String, Set<String>> scopes() {
		return this.scopes;
	}

	@Override
	public String toString() {
		return "TestRole{" + this.name + ", scopes=" + this.scopes + "}";
	}

	/** Builds a {@link TestRole}. Not thread-safe. */
	public static final class Builder {

		private final String name;
		private String description;
		private final ScopeTable scopes = new ScopeTable();

		private Builder(String name) {
			this.name = Names.requireText(name, "role name");
		}

		/**
		 * @param description a description
		 * @return this builder
		 */
		public Builder description(String description) {
			this.description = description;
			return this;
		}

		/**
		 * Grants scopes of an API resource; the resource and its scopes must be configured on the server.
		 * @param indicator the resource indicator
		 * @param scopes the scope names
		 * @return this builder
		 */
		public Builder scope(String indicator, String... scopes) {
			for (String scope : scopes) {
				this.scopes.add(indicator, scope);
			}
			return this;
		}

		/** @return a new immutable role */
		public TestRole build() {
			return new TestRole(this);
		}
	}
}
