package io.github.logtoreactive.test.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.TestUser;

/**
 * {@code grant_type=refresh_token} as in Logto's {@code core/oidc/grants/refresh-token.ts}: lookup and reuse
 * detection (a token consumed more than 3 s ago revokes the whole grant), scope narrowing, organization checks
 * (all before rotation, so a failed organization request does not consume the token), the access token, then
 * rotation according to the configured policy and a fresh ID token (without {@code nonce}).
 */
final class RefreshTokenGrant {

	private final ServerContext context;

	private final TokenIssuer issuer;

	private final UserAccessTokens accessTokens;

	RefreshTokenGrant(ServerContext context, TokenIssuer issuer, UserAccessTokens accessTokens) {
		this.context = context;
		this.issuer = issuer;
		this.accessTokens = accessTokens;
	}

	/** The expiry of a new refresh token: the configured TTL, capped by the grant's expiry. */
	static Instant expiry(ServerContext context, Grant grant, Instant now) {
		Instant expiry = now.plus(context.config().refreshTokenTtl());
		return expiry.isAfter(grant.expiresAt()) ? grant.expiresAt() : expiry;
	}

	Map<String, Object> refresh(Client client, Parameters parameters) {
		String value = parameters.require("refresh_token");
		ServerState state = this.context.state();
		Instant now = this.context.now();
		RefreshToken token = state.refreshTokens.get(value);
		if (token == null || !token.clientId.equals(client.id()) || !now.isBefore(token.expiresAt)) {
			throw OidcException.invalidGrant();
		}
		if (token.isReplayed(now)) {
			state.refreshTokens.remove(value);
			state.revokeGrant(token.grantId);
			throw OidcException.invalidGrant();
		}
		Grant grant = state.grants.get(token.grantId);
		if (grant == null || !now.isBefore(grant.expiresAt()) || !grant.clientId().equals(client.id())) {
			throw OidcException.invalidGrant();
		}
		List<String> requested = requestedScopes(parameters, token);
		TestUser user = this.context.config().tenant().users().get(token.userId);
		if (user == null || user.suspended()) {
			throw OidcException.invalidGrant();
		}
		String organizationId = parameters.get("organization_id");
		if (organizationId != null) {
			checkOrganization(user, organizationId, token);
		}
		UserAccessTokens.Issued accessToken = this.accessTokens.issue(grant, user, requested,
				parameters.all("resource"), organizationId);
		String refreshToken = rotate(token, grant, now);
		String idToken = requested.contains("openid")
				? this.issuer.idToken(client.id(), user, requested, token.sessionUid, null) : null;
		return TokenEndpoint.response(accessToken, idToken, refreshToken);
	}

	private static List<String> requestedScopes(Parameters parameters, RefreshToken token) {
		if (!parameters.has("scope")) {
			return token.scopes;
		}
		List<String> requested = AuthorizationEndpoint.split(parameters.get("scope"));
		List<String> missing = new ArrayList<>();
		for (String scope : requested) {
			if (!token.scopes.contains(scope)) {
				missing.add(scope);
			}
		}
		if (!missing.isEmpty()) {
			throw new OidcException(400, "invalid_scope", "refresh token missing requested scope(s)",
					String.join(" ", missing));
		}
		return requested;
	}

	private void checkOrganization(TestUser user, String organizationId, RefreshToken token) {
		if (!this.context.scopes().isMember(user.id(), organizationId)) {
			throw OidcException.accessDenied403("user is not a member of the organization");
		}
		if (!token.scopes.contains(UserClaims.ORGANIZATIONS_SCOPE)) {
			throw OidcException.insufficientScope("refresh token missing required scope",
					UserClaims.ORGANIZATIONS_SCOPE);
		}
	}

	/** @return the refresh token value of the response: a new one on rotation, otherwise the same */
	private String rotate(RefreshToken token, Grant grant, Instant now) {
		RefreshTokenRotation policy = this.context.config().rotation();
		boolean rotate = switch (policy) {
			case ALWAYS -> true;
			case AFTER_70_PERCENT -> token.isConsumed() || token.seventyPercentPassed(now);
			case NEVER -> false;
		};
		if (!rotate) {
			return token.value;
		}
		token.consume(now);
		RefreshToken rotated = new RefreshToken(this.context.newToken(), grant, token.scopes, now,
				expiry(this.context, grant, now), token.rotations + 1);
		this.context.state().refreshTokens.put(rotated.value, rotated);
		return rotated.value;
	}
}
