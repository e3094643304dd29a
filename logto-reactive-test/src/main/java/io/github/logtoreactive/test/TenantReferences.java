package io.github.logtoreactive.test;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cross references of a {@link TestTenant}: roles, API resources and their scopes, organization roles,
 * members. A dangling one fails with a message saying what to add to the {@link TestTenant.Builder}.
 */
final class TenantReferences {

	private TenantReferences() {
	}

	static void check(TestTenant tenant) {
		for (String id : tenant.webApps().keySet()) {
			if (tenant.m2mApps().containsKey(id)) {
				throw new IllegalStateException("client id '" + id + "' is used by a web app and an M2M app");
			}
		}
		for (TestRole role : tenant.roles().values()) {
			checkResourceScopes(role.scopes(), "role '" + role.name() + "'", tenant.apiResources());
		}
		for (TestOrganizationRole role : tenant.organizationRoles().values()) {
			checkResourceScopes(role.resourceScopes(), "organization role '" + role.name() + "'",
					tenant.apiResources());
		}
		for (TestUser user : tenant.users().values()) {
			checkRoles(user.roles(), "user '" + user.id() + "'", tenant.roles());
		}
		for (TestM2mApp app : tenant.m2mApps().values()) {
			checkRoles(app.roles(), "M2M app '" + app.id() + "'", tenant.roles());
		}
		for (TestOrganization organization : tenant.organizations().values()) {
			checkOrganization(organization, tenant);
		}
		if (tenant.apiResources().values().stream().filter(TestApiResource::defaultResource).count() > 1) {
			throw new IllegalStateException("more than one API resource is marked defaultResource(true)");
		}
	}

	private static void checkOrganization(TestOrganization organization, TestTenant tenant) {
		organization.members().forEach((userId, organizationRoles) -> {
			if (!tenant.users().containsKey(userId)) {
				throw new IllegalStateException("organization '" + organization.id() + "' has member '" + userId
						+ "' but no such user is configured: add .user(TestUser.builder(\"" + userId + "\")...)");
			}
			checkOrganizationRoles(organizationRoles, organization, tenant.organizationRoles());
		});
		organization.applications().forEach((appId, organizationRoles) -> {
			if (!tenant.m2mApps().containsKey(appId)) {
				throw new IllegalStateException("organization '" + organization.id() + "' has application '" + appId
						+ "' but no such M2M app is configured: add .m2mApp(TestM2mApp.builder(\"" + appId
						+ "\", ...)...)");
			}
			checkOrganizationRoles(organizationRoles, organization, tenant.organizationRoles());
		});
	}

	private static void checkResourceScopes(Map<String, Set<String>> scopes, String owner,
			Map<String, TestApiResource> resources) {
		scopes.forEach((indicator, names) -> {
			TestApiResource resource = resources.get(indicator);
			if (resource == null) {
				throw new IllegalStateException(owner + " grants scopes of API resource '" + indicator
						+ "' but it is not configured: add .apiResource(TestApiResource.builder(\"" + indicator
						+ "\").scopes(...).build())");
			}
			for (String name : names) {
				if (!resource.scopes().contains(name)) {
					throw new IllegalStateException(owner + " grants scope '" + name + "' of '" + indicator
							+ "' but the resource does not define it: add it to TestApiResource.scopes(..)");
				}
			}
		});
	}

	private static void checkRoles(List<String> names, String owner, Map<String, TestRole> roles) {
		for (String name : names) {
			if (!roles.containsKey(name)) {
				throw new IllegalStateException(owner + " has role '" + name
						+ "' but no such role is configured: add .role(TestRole.builder(\"" + name + "\")...)");
			}
		}
	}

	private static void checkOrganizationRoles(List<String> names, TestOrganization organization,
			Map<String, TestOrganizationRole> organizationRoles) {
		for (String name : names) {
			if (!organizationRoles.containsKey(name)) {
				throw new IllegalStateException("organization '" + organization.id() + "' uses organization role '"
						+ name + "' but it is not configured: add .organizationRole(TestOrganizationRole.builder(\""
						+ name + "\")...)");
			}
		}
	}
}
