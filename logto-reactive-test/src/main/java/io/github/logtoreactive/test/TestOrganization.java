package io.github.logtoreactive.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An organization with its members (users) and associated machine-to-machine apps, each with organization
 * roles.
 *
 * <p>Members get organization tokens ({@code refresh_token} grant with {@code organization_id}); non-members get
 * 403 {@code access_denied}. Immutable; build one with {@link #builder(String)}:
 * <pre>{@code
 * TestOrganization acme = TestOrganization.builder("org-1").name("Acme")
 *     .member("user-1", "org-admin").application("m2m-app", "org-admin").build();
 * }</pre>
 */
public final class TestOrganization {

	private final String id;
	private final String name;
	private final String description;
	private final Map<String, List<String>> members;
	private final Map<String, List<String>> applications;

	private TestOrganization(Builder builder) {
		this.id = builder.id;
		this.name = (builder.name != null) ? builder.name : builder.id;
		this.description = builder.description;
		this.members = copy(builder.members);
		this.applications = copy(builder.applications);
	}

	private static Map<String, List<String>> copy(Map<String, List<String>> source) {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		source.forEach((key, roles) -> copy.put(key, List.copyOf(roles)));
		return Collections.unmodifiableMap(copy);
	}

	/**
	 * Starts building an organization.
	 * @param id the organization id ({@code organization_id}, {@code urn:logto:organization:<id>})
	 * @return a new builder
	 */
	public static Builder builder(String id) {
		return new Builder(id);
	}

	/** @return the organization id */
	public String id() {
		return this.id;
	}

	/** @return the name (defaults to the id) */
	public String name() {
		return this.name;
	}

	/** @return the description, or {@code null} (sent as JSON null in {@code organization_data}) */
	public String description() {
		return this.description;
	}

	/** @return organization role names by member user id */
	public Map<String, List<String>> members() {
		return this.members;
	}

	/** @return organization role names by associated machine-to-machine app id */
	public Map<String, List<String>> applications() {
		return this.applications;
	}

	@Override
	public String toString() {
		return "TestOrganization{" + this.id + ", members=" + this.members.keySet() + "}";
	}

	/** Builds a {@link TestOrganization}. Not thread-safe. */
	public static final class Builder {

		private final String id;
		private String name;
		private String description;
		private final Map<String, List<String>> members = new LinkedHashMap<>();
		private final Map<String, List<String>> applications = new LinkedHashMap<>();

		private Builder(String id) {
			this.id = Names.requireText(id, "organization id");
		}

		/**
		 * @param name the organization name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * @param description the description
		 * @return this builder
		 */
		public Builder description(String description) {
			this.description = description;
			return this;
		}

		/**
		 * Adds a member with organization roles (configured with
		 * {@link TestTenant.Builder#organizationRole(TestOrganizationRole)}).
		 * @param userId the user id
		 * @param organizationRoles the role names; may be empty
		 * @return this builder
		 */
		public Builder member(String userId, String... organizationRoles) {
			add(this.members, Names.requireText(userId, "member user id"), organizationRoles);
			return this;
		}

		/**
		 * Associates a machine-to-machine app with organization roles.
		 * @param appId the M2M app id
		 * @param organizationRoles the role names; may be empty
		 * @return this builder
		 */
		public Builder application(String appId, String... organizationRoles) {
			add(this.applications, Names.requireText(appId, "application id"), organizationRoles);
			return this;
		}

		private static void add(Map<String, List<String>> target, String key, String... roles) {
			List<String> list = target.computeIfAbsent(key, (k) -> new ArrayList<>());
			for (String role : roles) {
				String name = Names.requireText(role, "organization role name");
				if (!list.contains(name)) {
					list.add(name);
				}
			}
		}

		/** @return a new immutable organization */
		public TestOrganization build() {
			return new TestOrganization(this);
		}
	}
}
