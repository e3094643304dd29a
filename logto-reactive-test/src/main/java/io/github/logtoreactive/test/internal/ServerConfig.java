package io.github.logtoreactive.test.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.SigningKeyType;
import io.github.logtoreactive.test.TestApiResource;
import io.github.logtoreactive.test.TestM2mApp;
import io.github.logtoreactive.test.TestOrganization;
import io.github.logtoreactive.test.TestOrganizationRole;
import io.github.logtoreactive.test.TestRole;
import io.github.logtoreactive.test.TestUser;
import io.github.logtoreactive.test.TestWebApp;

/**
 * The validated, immutable configuration of a test server. Built by {@code LogtoTestServer.Builder}; the maps
 * keep insertion order. The constructor checks every cross reference (roles, resources, scopes, members) and
 * fails with a message that says what to configure.
 *
 * @param host the interface to bind
 * @param port the port to bind, 0 for a free one
 * @param webApps web apps by client id
 * @param m2mApps machine-to-machine apps by client id
 * @param users users by id
 * @param resources API resources by indicator
 * @param roles global roles by name
 * @param organizations organizations by id
 * @param organizationRoles organization roles by name
 * @param accessTokenTtl TTL of opaque and organization access tokens, and of resource tokens without their own
 * @param idTokenTtl TTL of ID tokens
 * @param refreshTokenTtl TTL of refresh tokens
 * @param rotation the refresh token rotation policy
 * @param signingKeyType the initial signing key type
 * @param autoLoginUserId the user signed in without a page, or {@code null}
 * @param clock the clock for every timestamp and expiry decision
 * @param idTokenExtendedClaims the extended claims ({@code roles}, {@code organizations}, ...) put in ID tokens
 */
public record ServerConfig(String host, int port, Map<String, TestWebApp> webApps, Map<String, TestM2mApp> m2mApps,
		Map<String, TestUser> users, Map<String, TestApiResource> resources, Map<String, TestRole> roles,
		Map<String, TestOrganization> organizations, Map<String, TestOrganizationRole> organizationRoles,
		Duration accessTokenTtl, Duration idTokenTtl, Duration refreshTokenTtl, RefreshTokenRotation rotation,
		SigningKeyType signingKeyType, String autoLoginUserId, Clock clock, Set<String> idTokenExtendedClaims) {

	/** Extended claims Logto may put in ID tokens (the tenant's {@code enabledExtendedClaims}). */
	public static final List<String> EXTENDED_CLAIMS = List.of("custom_data", "identities", "sso_identities",
			"roles", "organizations", "organization_data", "organization_roles");

	/** The extended claims a default Logto tenant puts in ID tokens. */
	public static final Set<String> DEFAULT_ID_TOKEN_EXTENDED_CLAIMS = Set.of("roles", "organizations",
			"organization_roles");

	/** Validates every cross reference. */
	public ServerConfig {
		for (String id : webApps.keySet()) {
			if (m2mApps.containsKey(id)) {
				throw new IllegalStateException("client id '" + id + "' is used by a web app and an M2M app");
			}
		}
		for (TestRole role : roles.values()) {
			checkResourceScopes(role.scopes(), "role '" + role.name() + "'", resources);
		}
		for (TestOrganizationRole role : organizationRoles.values()) {
			checkResourceScopes(role.resourceScopes(), "organization role '" + role.name() + "'", resources);
		}
		for (TestUser user : users.values()) {
			checkRoles(user.roles(), "user '" + user.id() + "'", roles);
		}
		for (TestM2mApp app : m2mApps.values()) {
			checkRoles(app.roles(), "M2M app '" + app.id() + "'", roles);
		}
		for (TestOrganization organization : organizations.values()) {
			organization.members().forEach((userId, orgRoles) -> {
				if (!users.containsKey(userId)) {
					throw new IllegalStateException("organization '" + organization.id() + "' has member '" + userId
							+ "' but no such user is configured: add .user(TestUser.builder(\"" + userId + "\")...)");
				}
				checkOrganizationRoles(orgRoles, organization, organizationRoles);
			});
			organization.applications().forEach((appId, orgRoles) -> {
				if (!m2mApps.containsKey(appId)) {
					throw new IllegalStateException("organization '" + organization.id() + "' has application '"
							+ appId + "' but no such M2M app is configured: add .m2mApp(\"" + appId + "\", ...)");
				}
				checkOrganizationRoles(orgRoles, organization, organizationRoles);
			});
		}
		if (autoLoginUserId != null && !users.containsKey(autoLoginUserId)) {
			throw new IllegalStateException("autoLogin(\"" + autoLoginUserId
					+ "\") names no configured user: add .user(TestUser.builder(\"" + autoLoginUserId + "\")...)");
		}
		for (String claim : idTokenExtendedClaims) {
			if (!EXTENDED_CLAIMS.contains(claim)) {
				throw new IllegalStateException("unknown extended claim '" + claim + "', use one of " + EXTENDED_CLAIMS);
			}
		}
		if (resources.values().stream().filter(TestApiResource::defaultResource).count() > 1) {
			throw new IllegalStateException("more than one API resource is marked defaultResource(true)");
		}
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
