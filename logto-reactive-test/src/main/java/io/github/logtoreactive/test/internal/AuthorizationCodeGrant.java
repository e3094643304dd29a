package io.github.logtoreactive.test.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.test.TestUser;

/**
 * {@code grant_type=authorization_code}, in the order of oidc-provider's {@code authorization_code.js}: code
 * lookup, client, expiry, grant, PKCE, redirect URI, then one-time use (a reused code revokes its whole grant).
 * Every failure is 400 {@code invalid_grant} "grant request is invalid".
 */
final class AuthorizationCodeGrant {

	private final ServerContext context;

	private final TokenIssuer issuer;

	private final UserAccessTokens accessTokens;

	AuthorizationCodeGrant(ServerContext context, TokenIssuer issuer, UserAccessTokens accessTokens) {
		this.context = context;
		this.issuer = issuer;
		this.accessTokens = accessTokens;
	}

	Map<String, Object> exchange(Client client, Parameters parameters) {
		String value = parameters.require("code");
		ServerState state = this.context.state();
		Instant now = this.context.now();
		AuthorizationCode code = state.codes.get(value);
		if (code == null || !code.clientId.equals(client.id()) || !now.isBefore(code.expiresAt)) {
			throw OidcException.invalidGrant();
		}
		Grant grant = state.grants.get(code.grantId);
		if (grant == null || !now.isBefore(grant.expiresAt())) {
			throw OidcException.invalidGrant();
		}
		Pkce.verify(parameters.get("code_verifier"), code.codeChallenge);
		if (!code.redirectUri.equals(parameters.get("redirect_uri"))) {
			throw OidcException.invalidGrant();
		}
		if (!code.consumed.compareAndSet(false, true)) {
			state.revokeGrant(code.grantId);
			throw OidcException.invalidGrant();
		}
		TestUser user = this.context.config().tenant().users().get(grant.userId());
		if (user == null || user.suspended()) {
			throw OidcException.invalidGrant();
		}
		UserAccessTokens.Issued accessToken = this.accessTokens.issue(grant, user, code.scopes,
				parameters.all("resource"), null);
		String refreshToken = null;
		if (code.scopes.contains("offline_access") || client.webApp().alwaysIssueRefreshToken()) {
			RefreshToken token = new RefreshToken(this.context.newToken(), grant, List.copyOf(code.scopes), now,
					RefreshTokenGrant.expiry(this.context, grant, now), 0);
			state.refreshTokens.put(token.value, token);
			refreshToken = token.value;
		}
		String idToken = code.scopes.contains("openid")
				? this.issuer.idToken(client.id(), user, code.scopes, code.sessionUid, code.nonce) : null;
		return TokenEndpoint.response(accessToken, idToken, refreshToken);
	}
}
