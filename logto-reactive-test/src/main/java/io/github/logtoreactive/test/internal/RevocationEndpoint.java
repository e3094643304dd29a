package io.github.logtoreactive.test.internal;

import java.util.Set;

/**
 * {@code POST /oidc/token/revocation} (RFC 7009) with oidc-provider v9 semantics: revoking a refresh token or
 * an opaque access token revokes every token of its grant; a JWT access token gets 400
 * {@code unsupported_token_type}; an unknown token is a silent 200.
 */
final class RevocationEndpoint {

	private final ServerContext context;

	private final ClientAuthentication authentication;

	RevocationEndpoint(ServerContext context, ClientAuthentication authentication) {
		this.context = context;
		this.authentication = authentication;
	}

	HttpReply handle(InboundRequest request) {
		if (!request.isPost()) {
			throw OidcException.unrecognizedRoute(request);
		}
		Parameters parameters = new Parameters(request.parameters());
		Client client = this.authentication.authenticate(request, parameters);
		parameters.rejectDuplicates(Set.of("token", "token_type_hint"));
		String value = parameters.require("token");
		if (value.split("\\.", -1).length == 3) {
			throw new OidcException(400, "unsupported_token_type",
					"Structured JWT Tokens cannot be revoked via the revocation_endpoint", null);
		}
		ServerState state = this.context.state();
		String grantId = null;
		String owner = null;
		RefreshToken refreshToken = state.refreshTokens.get(value);
		OpaqueAccessToken accessToken = state.accessTokens.get(value);
		if (refreshToken != null) {
			grantId = refreshToken.grantId;
			owner = refreshToken.clientId;
		}
		else if (accessToken != null) {
			grantId = accessToken.grantId();
			owner = accessToken.clientId();
		}
		if (grantId != null) {
			if (!owner.equals(client.id())) {
				throw OidcException.invalidRequest("this token does not belong to you");
			}
			state.refreshTokens.remove(value);
			state.accessTokens.remove(value);
			state.revokeGrant(grantId);
		}
		return HttpReply.empty(200).noStore();
	}
}
