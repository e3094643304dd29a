package io.github.logtoreactive.test;

/**
 * The HTTP endpoints of the test server, used to count requests and to target faults.
 *
 * @see LogtoTestServer#requestCount(Endpoint)
 * @see Faults
 */
public enum Endpoint {

	/** {@code GET /oidc/.well-known/openid-configuration} (and {@code oauth-authorization-server}). */
	DISCOVERY("/oidc/.well-known/openid-configuration"),

	/** {@code GET /oidc/jwks}. */
	JWKS("/oidc/jwks"),

	/** {@code GET|POST /oidc/auth}. */
	AUTHORIZATION("/oidc/auth"),

	/** {@code GET|POST /sign-in/<interaction>}: the HTML sign-in page and its form posts. */
	SIGN_IN("/sign-in"),

	/** {@code POST /oidc/token}. */
	TOKEN("/oidc/token"),

	/** {@code GET|POST /oidc/me}. */
	USERINFO("/oidc/me"),

	/** {@code POST /oidc/token/revocation}. */
	REVOCATION("/oidc/token/revocation"),

	/** {@code GET|POST /oidc/session/end} and its {@code /confirm} and {@code /success} steps. */
	END_SESSION("/oidc/session/end");

	private final String path;

	Endpoint(String path) {
		this.path = path;
	}

	/**
	 * The path of this endpoint, relative to {@link LogtoTestServer#baseUrl()}.
	 * @return the path, starting with {@code /}
	 */
	public String path() {
		return this.path;
	}
}
