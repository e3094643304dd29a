package io.github.logtoreactive.test.internal;

import java.util.Map;
import java.util.Set;

/**
 * {@code POST /oidc/token}: client authentication, then the grant handler. The order of checks follows
 * oidc-provider's {@code lib/actions/token.js}: client authentication, {@code grant_type} presence, support
 * ({@code unsupported_grant_type}), permission for the client ({@code unauthorized_client}).
 */
final class TokenEndpoint {

	private static final Set<String> SUPPORTED = Set.of("authorization_code", "refresh_token", "client_credentials");

	private static final Set<String> SINGLE_VALUED = Set.of("grant_type", "code", "code_verifier", "redirect_uri",
			"refresh_token", "scope", "organization_id");

	private final ClientAuthentication authentication;

	private final AuthorizationCodeGrant authorizationCode;

	private final RefreshTokenGrant refreshToken;

	private final ClientCredentialsGrant clientCredentials;

	TokenEndpoint(ServerContext context, ClientAuthentication authentication) {
		TokenIssuer issuer = new TokenIssuer(context);
		UserAccessTokens accessTokens = new UserAccessTokens(context, issuer);
		this.authentication = authentication;
		this.authorizationCode = new AuthorizationCodeGrant(context, issuer, accessTokens);
		this.refreshToken = new RefreshTokenGrant(context, issuer, accessTokens);
		this.clientCredentials = new ClientCredentialsGrant(context, issuer, accessTokens);
	}

	HttpReply handle(InboundRequest request) {
		if (!request.isPost()) {
			throw OidcException.unrecognizedRoute(request);
		}
		Parameters parameters = new Parameters(request.parameters());
		Client client = this.authentication.authenticate(request, parameters);
		String grantType = parameters.require("grant_type");
		if (!SUPPORTED.contains(grantType)) {
			throw new OidcException(400, "unsupported_grant_type",
					"unsupported grant_type requested", null);
		}
		if (!client.grantTypes().contains(grantType)) {
			throw new OidcException(400, "unauthorized_client", "requested grant type is not allowed for this client",
					null);
		}
		parameters.rejectDuplicates(SINGLE_VALUED);
		Map<String, Object> body = switch (grantType) {
			case "authorization_code" -> this.authorizationCode.exchange(client, parameters);
			case "refresh_token" -> this.refreshToken.refresh(client, parameters);
			default -> this.clientCredentials.issue(client, parameters);
		};
		return HttpReply.json(200, body).noStore();
	}

	/** oidc-provider's token response: {@code access_token, expires_in, id_token?, refresh_token?, scope?, token_type}. */
	static Map<String, Object> response(UserAccessTokens.Issued accessToken, String idToken, String refreshToken) {
		Map<String, Object> body = Json.object("access_token", accessToken.value(), "expires_in",
				accessToken.expiresIn());
		if (idToken != null) {
			body.put("id_token", idToken);
		}
		if (refreshToken != null) {
			body.put("refresh_token", refreshToken);
		}
		if (accessToken.scope() != null) {
			body.put("scope", accessToken.scope());
		}
		body.put("token_type", "Bearer");
		return body;
	}
}
