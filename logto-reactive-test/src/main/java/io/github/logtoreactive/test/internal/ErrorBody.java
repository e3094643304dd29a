package io.github.logtoreactive.test.internal;

import java.util.Map;

/**
 * Renders errors the way Logto's {@code koa-oidc-error-handler} does: {@code code} and {@code message} first,
 * {@code error_uri} for {@code invalid_grant} only, then the provider's {@code error}, {@code error_description}
 * and {@code scope}. A 5xx carries oidc-provider's fixed {@code server_error} body, decorated the same way.
 * Logto translates {@code message} with only {@code code} as interpolation value, so placeholders such as
 * {@code {{scope}}} come out empty, as on the wire.
 */
final class ErrorBody {

	static final String SERVER_ERROR_DESCRIPTION = "oops! something went wrong";

	/** English texts of Logto's {@code errors.oidc.*} phrases (packages/phrases, en/errors/oidc.ts). */
	private static final Map<String, String> MESSAGES = Map.ofEntries(
			Map.entry("aborted", "The end-user aborted interaction."),
			Map.entry("invalid_token", "Invalid token provided."),
			Map.entry("invalid_client_metadata", "Invalid client metadata provided."),
			Map.entry("invalid_request", "Request is invalid."),
			Map.entry("invalid_grant", "Grant request is invalid."),
			Map.entry("invalid_issuer", "Invalid issuer."),
			Map.entry("invalid_redirect_uri",
					"`redirect_uri` did not match any of the client's registered `redirect_uris`."),
			Map.entry("access_denied", "Access denied."),
			Map.entry("invalid_target", "Invalid resource indicator."),
			Map.entry("unsupported_grant_type", "Unsupported `grant_type` requested."),
			Map.entry("unsupported_response_mode", "Unsupported `response_mode` requested."),
			Map.entry("unsupported_response_type", "Unsupported `response_type` requested."),
			Map.entry("server_error", "An unknown OIDC error occurred. Please try again later."));

	private ErrorBody() {
	}

	static HttpReply reply(OidcException error, boolean decorate) {
		HttpReply reply = HttpReply.json(error.status(), decorate ? decorated(error) : plain(error))
			.noStore();
		error.headers().forEach(reply::header);
		return reply;
	}

	static HttpReply serverError() {
		return reply(new OidcException(500, "server_error", SERVER_ERROR_DESCRIPTION, null), true);
	}

	private static Map<String, Object> decorated(OidcException error) {
		boolean sessionNotFound = (error.description().contains("session") && error.description().contains("not found"))
				|| error.description().contains("authorization request has expired");
		Map<String, Object> body = sessionNotFound
				? Json.object("code", "session.not_found", "message", "Session not found. Please go back and sign in again.")
				: Json.object("code", "oidc." + error.error(), "message", message(error));
		if ("invalid_grant".equals(error.error())) {
			body.put("error_uri", "https://openid.sh/debug/invalid_grant");
		}
		body.putAll(plain(error));
		return body;
	}

	private static Map<String, Object> plain(OidcException error) {
		Map<String, Object> body = Json.object("error", error.error(), "error_description", error.description());
		if (error.scope() != null) {
			body.put("scope", error.scope());
		}
		return body;
	}

	private static String message(OidcException error) {
		switch (error.error()) {
			case "invalid_scope":
				return "Invalid scope: .";
			case "insufficient_scope":
				return "Token missing scope ``.";
			default:
				String known = MESSAGES.get(error.error());
				return (known != null) ? known : "An OIDC error occurred: oidc." + error.error() + ".";
		}
	}
}
