package io.github.logtoreactive.test.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.logtoreactive.test.TestOrganization;
import io.github.logtoreactive.test.TestUser;

/**
 * The claims of a user per scope, following Logto's {@code core/oidc/scope.ts}: base claims go to the ID token
 * and userinfo, extended claims to userinfo always and to the ID token only when enabled.
 */
final class UserClaims {

	static final String ORGANIZATIONS_SCOPE = "urn:logto:scope:organizations";

	static final String ORGANIZATION_ROLES_SCOPE = "urn:logto:scope:organization_roles";

	/** OIDC scopes: those in {@code scopes_supported}; anything else in a request is an API resource scope. */
	static final List<String> OIDC_SCOPES = List.of("openid", "offline_access", "profile", "email", "phone",
			"address", "custom_data", "identities", "roles", ORGANIZATIONS_SCOPE, ORGANIZATION_ROLES_SCOPE,
			"urn:logto:scope:sessions", "urn:logto:scope:trusted_devices");

	/** Profile sub-claims in Logto's order; omitted when unset. */
	private static final List<String> PROFILE_CLAIMS = List.of("family_name", "given_name", "middle_name",
			"nickname", "preferred_username", "profile", "website", "gender", "birthdate", "zoneinfo", "locale");

	private final ServerConfig config;

	UserClaims(ServerConfig config) {
		this.config = config;
	}

	/** @return the claims for the ID token: base claims plus the enabled extended claims */
	Map<String, Object> forIdToken(TestUser user, Collection<String> scopes) {
		return claims(user, scopes, this.config.idTokenExtendedClaims());
	}

	/** @return the claims for userinfo ({@code sub} first): base plus every extended claim of the scopes */
	Map<String, Object> forUserinfo(TestUser user, Collection<String> scopes) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("sub", user.id());
		result.putAll(claims(user, scopes, Set.copyOf(ServerConfig.EXTENDED_CLAIMS)));
		return result;
	}

	private Map<String, Object> claims(TestUser user, Collection<String> scopes, Set<String> extended) {
		Map<String, Object> claims = new LinkedHashMap<>();
		if (scopes.contains("profile")) {
			claims.put("name", user.name());
			for (String claim : PROFILE_CLAIMS) {
				Object value = user.profile().get(claim);
				if ("preferred_username".equals(claim) && value == null) {
					value = user.username();
				}
				if (value != null) {
					claims.put(claim, value);
				}
			}
			claims.put("picture", user.picture());
			claims.put("updated_at", user.updatedAt().toEpochMilli());
			claims.put("username", user.username());
			claims.put("created_at", user.createdAt().toEpochMilli());
		}
		if (scopes.contains("email")) {
			claims.put("email", user.email());
			claims.put("email_verified", user.email() != null);
		}
		if (scopes.contains("phone")) {
			claims.put("phone_number", user.phone());
			claims.put("phone_number_verified", user.phone() != null);
		}
		if (scopes.contains("address") && user.profile().get("address") != null) {
			claims.put("address", user.profile().get("address"));
		}
		if (scopes.contains("custom_data") && extended.contains("custom_data")) {
			claims.put("custom_data", new LinkedHashMap<>(user.customData()));
		}
		if (scopes.contains("identities") && extended.contains("identities")) {
			claims.put("identities", new LinkedHashMap<>(user.identities()));
		}
		if (scopes.contains("identities") && extended.contains("sso_identities")) {
			claims.put("sso_identities", List.of());
		}
		if (scopes.contains("roles") && extended.contains("roles")) {
			claims.put("roles", new ArrayList<>(user.roles()));
		}
		if (scopes.contains(ORGANIZATIONS_SCOPE) && extended.contains("organizations")) {
			List<String> ids = new ArrayList<>();
			for (TestOrganization organization : organizationsOf(user)) {
				ids.add(organization.id());
			}
			claims.put("organizations", ids);
		}
		if (scopes.contains(ORGANIZATIONS_SCOPE) && extended.contains("organization_data")) {
			List<Object> data = new ArrayList<>();
			for (TestOrganization organization : organizationsOf(user)) {
				data.add(Json.object("id", organization.id(), "name", organization.name(), "description",
						organization.description()));
			}
			claims.put("organization_data", data);
		}
		if (scopes.contains(ORGANIZATION_ROLES_SCOPE) && extended.contains("organization_roles")) {
			List<String> roles = new ArrayList<>();
			for (TestOrganization organization : organizationsOf(user)) {
				for (String role : organization.members().get(user.id())) {
					roles.add(organization.id() + ":" + role);
				}
			}
			claims.put("organization_roles", roles);
		}
		return claims;
	}

	private List<TestOrganization> organizationsOf(TestUser user) {
		List<TestOrganization> result = new ArrayList<>();
		for (TestOrganization organization : this.config.tenant().organizations().values()) {
			if (organization.members().containsKey(user.id())) {
				result.add(organization);
			}
		}
		return result;
	}
}
