package io.github.logtoreactive.test.internal;

import java.util.Map;

import io.github.logtoreactive.test.TestUser;

/**
 * {@code GET|POST /oidc/me}: the claims of an opaque access token's scopes as plain JSON. A JWT (resource or
 * organization token) gets 401 {@code invalid_token} because its audience is not the userinfo endpoint; a
 * token without {@code openid} gets 403 {@code insufficient_scope}.
 */
final class UserinfoEndpoint {

	private final ServerContext context;

	UserinfoEndpoint(ServerContext context) {
		this.context = context;
	}

	HttpReply handle(InboundRequest request) {
		try {
			return userinfo(request);
		}
		catch (OidcException ex) {
			if (ex.status() == 401) {
				ex.header("WWW-Authenticate", "Bearer realm=\"" + this.context.issuer() + "\", error=\"" + ex.error()
						+ "\", error_description=\"" + ex.description() + "\"");
			}
			throw ex;
		}
	}

	private HttpReply userinfo(InboundRequest request) {
		String value = bearer(request);
		OpaqueAccessToken token = this.context.state().accessTokens.get(value);
		if (token == null || !this.context.now().isBefore(token.expiresAt())
				|| !this.context.state().grants.containsKey(token.grantId())) {
			throw OidcException.invalidToken();
		}
		if (!token.scopes().contains("openid")) {
			throw OidcException.insufficientScope("access token missing openid scope", "openid");
		}
		TestUser user = this.context.config().tenant().users().get(token.userId());
		if (user == null) {
			throw OidcException.invalidToken();
		}
		Map<String, Object> claims = this.context.claims().forUserinfo(user, token.scopes());
		String subject = this.context.faults().userinfoSubject();
		if (subject != null) {
			claims.put("sub", subject);
		}
		return HttpReply.json(200, claims).noStore();
	}

	private static String bearer(InboundRequest request) {
		String authorization = request.header("Authorization");
		if (authorization != null) {
			String[] parts = authorization.trim().split(" +");
			if (parts.length != 2 || !"bearer".equalsIgnoreCase(parts[0])) {
				throw OidcException.invalidRequest("invalid authorization header value format");
			}
			return parts[1];
		}
		String fromBody = request.isPost() ? new Parameters(request.parameters()).get("access_token") : null;
		if (fromBody == null) {
			throw OidcException.invalidRequest("no access token provided");
		}
		return fromBody;
	}
}
