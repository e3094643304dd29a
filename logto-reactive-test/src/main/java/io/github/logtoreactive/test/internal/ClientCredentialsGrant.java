package io.github.logtoreactive.test.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.logtoreactive.test.TestApiResource;

/**
 * {@code grant_type=client_credentials} for machine-to-machine apps, as in Logto's
 * {@code core/oidc/grants/client-credentials.ts}: one resource (or the default resource), or an organization
 * token, or both; scopes are only those requested with {@code scope}.
 */
final class ClientCredentialsGrant {

	private final ServerContext context;

	private final TokenIssuer issuer;

	private final UserAccessTokens accessTokens;

	ClientCredentialsGrant(ServerContext context, TokenIssuer issuer, UserAccessTokens accessTokens) {
		this.context = context;
		this.issuer = issuer;
		this.accessTokens = accessTokens;
	}

	Map<String, Object> issue(Client client, Parameters parameters) {
		String organizationId = parameters.get("organization_id");
		AccessScopes scopes = this.context.scopes();
		if (organizationId != null && !scopes.isAssociated(client.id(), organizationId)) {
			throw OidcException.accessDenied403("app has not associated with the organization");
		}
		List<String> resources = parameters.all("resource");
		String resource = null;
		if (!(organizationId != null && resources.isEmpty())) {
			if (resources.size() > 1) {
				throw OidcException.invalidTarget(
						"only a single resource indicator value is supported for this grant type");
			}
			resource = resources.isEmpty() ? defaultResource() : resources.get(0);
			if (resource != null && !this.context.config().tenant().apiResources().containsKey(resource)) {
				throw OidcException.invalidTarget();
			}
		}
		if (organizationId == null && resource == null) {
			throw OidcException.invalidTarget("both `resource` and `organization_id` are not provided");
		}
		List<String> requested = AuthorizationEndpoint.split(parameters.get("scope"));
		String audience;
		String scope;
		java.time.Duration ttl;
		if (resource != null) {
			Set<String> available = (organizationId != null)
					? scopes.appOrganizationResourceScopes(client.id(), organizationId, resource)
					: scopes.appResourceScopes(client.m2mApp(), resource);
			String joined = String.join(" ", AccessScopes.intersect(requested, available));
			scope = joined.isEmpty() ? null : joined;
			audience = resource;
			ttl = this.accessTokens.resourceTtl(resource);
		}
		else {
			Set<String> available = scopes.appOrganizationScopes(client.id(), organizationId);
			scope = String.join(" ", AccessScopes.intersect(available, requested));
			audience = UserAccessTokens.ORGANIZATION_URN_PREFIX + organizationId;
			ttl = this.context.config().accessTokenTtl();
		}
		String accessToken = this.issuer.jwtAccessToken(client.id(), client.id(), audience, scope, ttl,
				(resource != null) ? organizationId : null);
		Map<String, Object> body = Json.object("access_token", accessToken, "expires_in", ttl.getSeconds(),
				"token_type", "Bearer");
		if (scope != null) {
			body.put("scope", scope);
		}
		return body;
	}

	private String defaultResource() {
		for (TestApiResource resource : this.context.config().tenant().apiResources().values()) {
			if (resource.defaultResource()) {
				return resource.indicator();
			}
		}
		return null;
	}
}
