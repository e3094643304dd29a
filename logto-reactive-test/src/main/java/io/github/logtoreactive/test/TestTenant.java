package io.github.logtoreactive.test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a Logto tenant holds, described once for every identity provider of this test kit: users, global roles, API
 * resources with their scopes, organization roles, organizations with their members, web apps and
 * machine-to-machine apps. {@link LogtoTestServer} and {@code OidcProviderPeer} both serve a tenant given to their
 * builder's {@code tenant(..)}, so one value drives both.
 *
 * <pre>{@code
 * TestTenant tenant = TestTenant.builder()
 *     .webApp(TestWebApp.builder("test-app", "test-secret")
 *         .redirectUris("http://localhost:8080/logto/callback").build())
 *     .apiResource(TestApiResource.builder("https://api.example.com").scopes("read", "write").build())
 *     .role(TestRole.builder("admin").scope("https://api.example.com", "read", "write").build())
 *     .user(TestUser.builder("user-1").username("alice").roles("admin").build())
 *     .build();
 * LogtoTestServer server = LogtoTestServer.builder().tenant(tenant).build().start();
 * }</pre>
 *
 * <p>Ready-made tenants: {@link #sample()} (the test kit's default) and {@link #demo()} (the example
 * application's). Extend one with {@link #toBuilder()}.
 *
 * <p>Immutable and thread-safe; building never blocks. Every map keeps the order entries were added in.
 */
public final class TestTenant {

	private final Map<String, TestWebApp> webApps;
	private final Map<String, TestM2mApp> m2mApps;
	private final Map<String, TestUser> users;
	private final Map<String, TestApiResource> apiResources;
	private final Map<String, TestRole> roles;
	private final Map<String, TestOrganizationRole> organizationRoles;
	private final Map<String, TestOrganization> organizations;

	private TestTenant(Builder builder) {
		this.webApps = copy(builder.webApps);
		this.m2mApps = copy(builder.m2mApps);
		this.users = copy(builder.users);
		this.apiResources = copy(builder.apiResources);
		this.roles = copy(builder.roles);
		this.organizationRoles = copy(builder.organizationRoles);
		this.organizations = copy(builder.organizations);
	}

	private static <T> Map<String, T> copy(Map<String, T> map) {
		return Collections.unmodifiableMap(new LinkedHashMap<>(map));
	}

	/** @return a builder of an empty tenant */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The test kit's sample tenant, the default of {@link WithLogtoTestServer}: web app
	 * {@code test-app}/{@code test-secret} (redirect URI {@code http://localhost:8080/logto/callback}, post-logout
	 * {@code http://localhost:8080/}); users {@code user-1} (alice, password {@code alice-password}, role
	 * {@code admin}) and {@code user-2} (bob, {@code bob-password}, role {@code viewer}); API resource
	 * {@code https://api.example.com} ({@code read}, {@code write}); organization roles {@code org-admin} and
	 * {@code org-member}; organizations {@code org-1} (Acme: user-1 org-admin, user-2 org-member, the M2M app
	 * org-admin) and {@code org-2} (Globex: user-1 org-member); M2M app {@code m2m-app}/{@code m2m-secret}
	 * (role {@code admin}).
	 * @return the sample tenant
	 */
	public static TestTenant sample() {
		return SampleTenants.sample();
	}

	/**
	 * The demo tenant of the example application, without a web app (add yours with {@link #toBuilder()}): users
	 * {@code user-1} (alice, password {@code alice-password}, role {@code admin}, member of Acme as
	 * {@code org-admin} and {@code admin} and of Globex as {@code org-member}) and {@code user-2} (bob, {@code bob-password}, roles
	 * {@code viewer} and {@code accountant}, member of Acme as {@code org-member}); API resources
	 * {@code https://api.example.com} ({@code read}, {@code write}) and {@code https://billing.example.com}
	 * ({@code invoices:read}, {@code invoices:write}); organizations {@code org-1} (Acme) and {@code org-2}
	 * (Globex); M2M app {@code example-m2m-app}/{@code example-m2m-app-secret} (role {@code admin}, org-admin of
	 * Acme).
	 * @return the demo tenant
	 */
	public static TestTenant demo() {
		return SampleTenants.demo();
	}

	/** @return a builder holding everything of this tenant, to add to */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.webApps.putAll(this.webApps);
		builder.m2mApps.putAll(this.m2mApps);
		builder.users.putAll(this.users);
		builder.apiResources.putAll(this.apiResources);
		builder.roles.putAll(this.roles);
		builder.organizationRoles.putAll(this.organizationRoles);
		builder.organizations.putAll(this.organizations);
		return builder;
	}

	/** @return the web apps by client id */
	public Map<String, TestWebApp> webApps() {
		return this.webApps;
	}

	/** @return the machine-to-machine apps by client id */
	public Map<String, TestM2mApp> m2mApps() {
		return this.m2mApps;
	}

	/** @return the users by id */
	public Map<String, TestUser> users() {
		return this.users;
	}

	/** @return the API resources by indicator */
	public Map<String, TestApiResource> apiResources() {
		return this.apiResources;
	}

	/** @return the global roles by name */
	public Map<String, TestRole> roles() {
		return this.roles;
	}

	/** @return the organization roles by name */
	public Map<String, TestOrganizationRole> organizationRoles() {
		return this.organizationRoles;
	}

	/** @return the organizations by id */
	public Map<String, TestOrganization> organizations() {
		return this.organizations;
	}

	@Override
	public String toString() {
		return "TestTenant{webApps=" + this.webApps.keySet() + ", m2mApps=" + this.m2mApps.keySet() + ", users="
				+ this.users.keySet() + ", apiResources=" + this.apiResources.keySet() + ", organizations="
				+ this.organizations.keySet() + "}";
	}

	/**
	 * Builds a {@link TestTenant}. Not thread-safe. Adding a second entry with the same id, name or indicator fails
	 * with an {@link IllegalStateException}; {@link #build()} checks every reference.
	 */
	public static final class Builder {

		private final Map<String, TestWebApp> webApps = new LinkedHashMap<>();
		private final Map<String, TestM2mApp> m2mApps = new LinkedHashMap<>();
		private final Map<String, TestUser> users = new LinkedHashMap<>();
		private final Map<String, TestApiResource> apiResources = new LinkedHashMap<>();
		private final Map<String, TestRole> roles = new LinkedHashMap<>();
		private final Map<String, TestOrganizationRole> organizationRoles = new LinkedHashMap<>();
		private final Map<String, TestOrganization> organizations = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * @param app a confidential web app
		 * @return this builder
		 */
		public Builder webApp(TestWebApp app) {
			putUnique(this.webApps, Objects.requireNonNull(app, "app").id(), app, "web app");
			return this;
		}

		/**
		 * @param app a machine-to-machine app
		 * @return this builder
		 */
		public Builder m2mApp(TestM2mApp app) {
			putUnique(this.m2mApps, Objects.requireNonNull(app, "app").id(), app, "M2M app");
			return this;
		}

		/**
		 * @param user a user
		 * @return this builder
		 */
		public Builder user(TestUser user) {
			putUnique(this.users, Objects.requireNonNull(user, "user").id(), user, "user");
			return this;
		}

		/**
		 * @param resource an API resource; its tokens are JWTs with {@code aud} = the indicator
		 * @return this builder
		 */
		public Builder apiResource(TestApiResource resource) {
			putUnique(this.apiResources, Objects.requireNonNull(resource, "resource").indicator(), resource,
					"API resource");
			return this;
		}

		/**
		 * @param role a global role; users and M2M apps get API resource scopes only through roles, as in Logto
		 * @return this builder
		 */
		public Builder role(TestRole role) {
			putUnique(this.roles, Objects.requireNonNull(role, "role").name(), role, "role");
			return this;
		}

		/**
		 * @param role an organization role (organization scopes, and API resource scopes for organization-level
		 * API tokens)
		 * @return this builder
		 */
		public Builder organizationRole(TestOrganizationRole role) {
			putUnique(this.organizationRoles, Objects.requireNonNull(role, "role").name(), role,
					"organization role");
			return this;
		}

		/**
		 * @param organization an organization with its members and applications
		 * @return this builder
		 */
		public Builder organization(TestOrganization organization) {
			putUnique(this.organizations, Objects.requireNonNull(organization, "organization").id(), organization,
					"organization");
			return this;
		}

		private static <T> void putUnique(Map<String, T> map, String key, T value, String what) {
			if (map.putIfAbsent(key, value) != null) {
				throw new IllegalStateException("duplicate " + what + " '" + key + "'");
			}
		}

		/**
		 * @return the tenant
		 * @throws IllegalStateException naming what to add when a reference dangles (a role, an API resource or
		 * scope, an organization role, a member), when a client id is both a web app and an M2M app, or when more
		 * than one API resource is the default one
		 */
		public TestTenant build() {
			TestTenant tenant = new TestTenant(this);
			TenantReferences.check(tenant);
			return tenant;
		}
	}
}
