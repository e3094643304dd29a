package io.github.logtoreactive.test.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.logtoreactive.test.TestApiResource;
import io.github.logtoreactive.test.TestUser;

/**
 * Issues the access token of a user grant ({@code authorization_code} or {@code refresh_token}), choosing its
 * kind the way Logto does: an opaque userinfo token without resource, a JWT for an API resource, an organization
 * token ({@code aud = urn:logto:organization:<id>}) for {@code organization_id}, or an organization-level API
 * resource token (resource + {@code organization_id}, extra {@code organization_id} claim).
 */
final class UserAccessTokens {

	/** An issued access token and the values of the token response. */
	record Issued(String value, long expiresIn, String scope) {
	}

	static final String ORGANIZATION_URN_PREFIX = "urn:logto:organization:";

	private final ServerContext context;

	private final TokenIssuer issuer;

	UserAccessTokens(ServerContext context, TokenIssuer issuer) {
		this.context = context;
		this.issuer = issuer;
	}

	/**
	 * @param grant the grant
	 * @param user the user
	 * @param requested the requested scopes (of the code, refresh token or {@code scope} parameter)
	 * @param resources the {@code resource} parameters of the token request
	 * @param organizationId the {@code organization_id} parameter, or {@code null}
	 * @return the issued token
	 * @throws OidcException invalid_target for more than one or an unrequested resource
	 */
	Issued issue(Grant grant, TestUser user, List<String> requested, List<String> resources, String organizationId) {
		if (resources.size() > 1) {
			throw OidcException.invalidTarget(
					"only a single resource indicator value must be requested/resolved during Access Token Request");
		}
		String resource = resources.isEmpty() ? null : resources.get(0);
		if (resource != null && (!grant.resources().contains(resource)
				|| !this.context.config().tenant().apiResources().containsKey(resource))) {
			throw OidcException.invalidTarget();
		}
		if (resource == null && organizationId == null && !requested.contains("openid")
				&& grant.resources().size() == 1
				&& this.context.config().tenant().apiResources().containsKey(grant.resources().get(0))) {
			resource = grant.resources().get(0);
		}
		AccessScopes scopes = this.context.scopes();
		if (resource != null) {
			Set<String> available = new LinkedHashSet<>(scopes.userResourceScopes(user, resource));
			if (organizationId != null) {
				available.addAll(scopes.userOrganizationResourceScopes(user.id(), organizationId, resource));
			}
			String scope = String.join(" ", AccessScopes.intersect(requested, available));
			return jwt(user, grant.clientId(), resource, scope, resourceTtl(resource), organizationId);
		}
		if (organizationId != null) {
			Set<String> available = scopes.userOrganizationScopes(user.id(), organizationId);
			String scope = String.join(" ", AccessScopes.intersect(available, requested));
			return jwt(user, grant.clientId(), ORGANIZATION_URN_PREFIX + organizationId, scope,
					this.context.config().accessTokenTtl(), null);
		}
		List<String> oidcScopes = new ArrayList<>(AccessScopes.intersect(requested, UserClaims.OIDC_SCOPES));
		OpaqueAccessToken token = this.issuer.opaqueAccessToken(grant, oidcScopes);
		return new Issued(token.value(), this.context.config().accessTokenTtl().getSeconds(),
				String.join(" ", oidcScopes));
	}

	private Issued jwt(TestUser user, String clientId, String audience, String scope, Duration ttl,
			String organizationId) {
		String value = this.issuer.jwtAccessToken(user.id(), clientId, audience, scope, ttl, organizationId);
		return new Issued(value, ttl.getSeconds(), scope);
	}

	Duration resourceTtl(String indicator) {
		TestApiResource resource = this.context.config().tenant().apiResources().get(indicator);
		return (resource != null && resource.accessTokenTtl() != null) ? resource.accessTokenTtl()
				: this.context.config().accessTokenTtl();
	}

}
