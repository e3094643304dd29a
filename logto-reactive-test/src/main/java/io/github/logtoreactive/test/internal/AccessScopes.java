package io.github.logtoreactive.test.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.logtoreactive.test.TestM2mApp;
import io.github.logtoreactive.test.TestOrganization;
import io.github.logtoreactive.test.TestOrganizationRole;
import io.github.logtoreactive.test.TestRole;
import io.github.logtoreactive.test.TestUser;

/**
 * Which scopes a user or machine-to-machine app holds for an API resource or an organization, derived from
 * global roles and organization roles (Logto's {@code findUserScopesForResourceIndicator} and organization
 * queries).
 */
final class AccessScopes {

	private final ServerConfig config;

	AccessScopes(ServerConfig config) {
		this.config = config;
	}

	Set<String> userResourceScopes(TestUser user, String indicator) {
		Set<String> scopes = new LinkedHashSet<>();
		for (String roleName : user.roles()) {
			TestRole role = this.config.tenant().roles().get(roleName);
			scopes.addAll(role.scopes().getOrDefault(indicator, Set.of()));
		}
		return scopes;
	}

	boolean isMember(String userId, String organizationId) {
		TestOrganization organization = this.config.tenant().organizations().get(organizationId);
		return organization != null && organization.members().containsKey(userId);
	}

	boolean isAssociated(String appId, String organizationId) {
		TestOrganization organization = this.config.tenant().organizations().get(organizationId);
		return organization != null && organization.applications().containsKey(appId);
	}

	Set<String> userOrganizationScopes(String userId, String organizationId) {
		return organizationScopes(this.config.tenant().organizations().get(organizationId).members().get(userId));
	}

	Set<String> userOrganizationResourceScopes(String userId, String organizationId, String indicator) {
		return organizationResourceScopes(
				this.config.tenant().organizations().get(organizationId).members().get(userId), indicator);
	}

	Set<String> appResourceScopes(TestM2mApp app, String indicator) {
		Set<String> scopes = new LinkedHashSet<>();
		for (String roleName : app.roles()) {
			scopes.addAll(this.config.tenant().roles().get(roleName).scopes().getOrDefault(indicator, Set.of()));
		}
		return scopes;
	}

	Set<String> appOrganizationScopes(String appId, String organizationId) {
		return organizationScopes(this.config.tenant().organizations().get(organizationId).applications().get(appId));
	}

	Set<String> appOrganizationResourceScopes(String appId, String organizationId, String indicator) {
		return organizationResourceScopes(
				this.config.tenant().organizations().get(organizationId).applications().get(appId), indicator);
	}

	private Set<String> organizationScopes(List<String> roleNames) {
		Set<String> scopes = new LinkedHashSet<>();
		for (String roleName : roleNames) {
			scopes.addAll(this.config.tenant().organizationRoles().get(roleName).organizationScopes());
		}
		return scopes;
	}

	private Set<String> organizationResourceScopes(List<String> roleNames, String indicator) {
		Set<String> scopes = new LinkedHashSet<>();
		for (String roleName : roleNames) {
			TestOrganizationRole role = this.config.tenant().organizationRoles().get(roleName);
			scopes.addAll(role.resourceScopes().getOrDefault(indicator, Set.of()));
		}
		return scopes;
	}

	/** @return the elements of {@code requested} that are also {@code available}, in requested order */
	static List<String> intersect(Collection<String> requested, Collection<String> available) {
		List<String> result = new ArrayList<>();
		for (String scope : requested) {
			if (available.contains(scope) && !result.contains(scope)) {
				result.add(scope);
			}
		}
		return result;
	}
}
