package io.github.logtoreactive.test;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An organization role from Logto's organization template: organization scopes (the {@code scope} of an
 * organization token, {@code aud = urn:logto:organization:<id>}) and organization-level API resource scopes
 * (the {@code scope} of a resource token requested with {@code organization_id}).
 *
 * <p>Immutable; build one with {@link #builder(String)}:
 * <pre>{@code
 * TestOrganizationRole orgAdmin = TestOrganizationRole.builder("org-admin")
 *     .organizationScopes("invite:member", "manage:billing")
 *     .resourceScope("https://api.example.com", "write").build();
 * }</pre>
 */
public final class TestOrganizationRole {

	private final String name;
	private final Set<String> organizationScopes;
	private final Map<String, Set<String>> resourceScopes;

	private TestOrganizationRole(Builder builder) {
		this.name = builder.name;
		this.organizationScopes = Collections.unmodifiableSet(new LinkedHashSet<>(builder.organizationScopes));
		this.resourceScopes = builder.resourceScopes.toUnmodifiableMap();
	}

	/**
	 * Starts building an organization role.
	 * @param name the role name, unique among organization roles; appears as {@code <orgId>:<name>} in the
	 * {@code organization_roles} claim
	 * @return a new builder
	 */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/** @return the role name */
	public String name() {
		return this.name;
	}

	/** @return the organization scopes this role grants */
	public Set<String> organizationScopes() {
		return this.organizationScopes;
	}

	/** @return the organization-level API resource scopes this role grants, keyed by resource indicator */
	public Map<String, Set<String>> resourceScopes() {
		return this.resourceScopes;
	}

	@Override
	public String toString() {
		return "TestOrganizationRole{" + this.name + "}";
	}

	/** Builds a {@link TestOrganizationRole}. Not thread-safe. */
	public static final class Builder {

		private final String name;
		private final Set<String> organizationScopes = new LinkedHashSet<>();
		private final ScopeTable resourceScopes = new ScopeTable();

		private Builder(String name) {
			this.name = Names.requireText(name, "organization role name");
		}

		/**
		 * @param scopes organization scope names
		 * @return this builder
		 */
		public Builder organizationScopes(String... scopes) {
			this.organizationScopes.addAll(Names.requireTexts(Arrays.asList(scopes), "organization scope"));
			return this;
		}

		/**
		 * Grants organization-level scopes of an API resource; the resource and scopes must be configured.
		 * @param indicator the resource indicator
		 * @param scopes the scope names
		 * @return this builder
		 */
		public Builder resourceScope(String indicator, String... scopes) {
			for (String scope : scopes) {
				this.resourceScopes.add(indicator, scope);
			}
			return this;
		}

		/** @return a new immutable organization role */
		public TestOrganizationRole build() {
			return new TestOrganizationRole(this);
		}
	}
}
