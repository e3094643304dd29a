package io.github.logtoreactive.test.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OAuth/OIDC error the server answers with, shaped like oidc-provider's error classes: status, {@code error},
 * {@code error_description}, optional {@code scope} and extra response headers.
 */
final class OidcException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	static final String INVALID_GRANT_DESCRIPTION = "grant request is invalid";

	static final String CLIENT_AUTH_FAILED = "client authentication failed";

	private final int status;
	private final String error;
	private final String scope;
	private final Map<String, String> headers = new LinkedHashMap<>();

	OidcException(int status, String error, String description, String scope) {
		super(description, null, false, false);
		this.status = status;
		this.error = error;
		this.scope = scope;
	}

	static OidcException invalidRequest(String description) {
		return new OidcException(400, "invalid_request", description, null);
	}

	/** oidc-provider's wording, e.g. {@code missing required parameter 'code'}. */
	static OidcException missingParameters(String... names) {
		return invalidRequest("missing required " + pluralize("parameter", names.length) + " " + formatList(names));
	}

	/** oidc-provider's {@code formatters.formatList}: quoted names joined as an English conjunction. */
	static String formatList(String... names) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < names.length; i++) {
			if (i > 0) {
				text.append((names.length == 2) ? " and " : (i == names.length - 1) ? ", and " : ", ");
			}
			text.append('\'').append(names[i]).append('\'');
		}
		return text.toString();
	}

	static String pluralize(String word, int count) {
		return (count == 1) ? word : word + "s";
	}

	/** The description of invalid_grant is fixed on the wire; the detail stays on the server. */
	static OidcException invalidGrant() {
		return new OidcException(400, "invalid_grant", INVALID_GRANT_DESCRIPTION, null);
	}

	static OidcException invalidClient(String clientId) {
		return new OidcException(400, "invalid_client", "invalid client " + clientId, null);
	}

	static OidcException clientAuthenticationFailed() {
		return new OidcException(401, "invalid_client", CLIENT_AUTH_FAILED, null);
	}

	static OidcException invalidTarget() {
		return invalidTarget("resource indicator is missing, or unknown");
	}

	static OidcException invalidTarget(String description) {
		return new OidcException(400, "invalid_target", description, null);
	}

	static OidcException invalidToken() {
		return new OidcException(401, "invalid_token", "invalid token provided", null);
	}

	static OidcException accessDenied403(String description) {
		return new OidcException(403, "access_denied", description, null);
	}

	static OidcException insufficientScope(String description, String scope) {
		return new OidcException(403, "insufficient_scope", description, scope);
	}

	/** Logto's {@code koa-oidc-unrecognized-route}: 404 invalid_request. */
	static OidcException unrecognizedRoute(InboundRequest request) {
		return new OidcException(404, "invalid_request", "unrecognized route or not allowed method ("
				+ request.method() + " on " + request.path() + ")", null);
	}

	OidcException header(String name, String value) {
		this.headers.put(name, value);
		return this;
	}

	int status() {
		return this.status;
	}

	String error() {
		return this.error;
	}

	String description() {
		return getMessage();
	}

	String scope() {
		return this.scope;
	}

	Map<String, String> headers() {
		return this.headers;
	}
}
