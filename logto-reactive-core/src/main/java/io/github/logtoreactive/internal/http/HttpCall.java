package io.github.logtoreactive.internal.http;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What one call to Logto is, for messages, logs and observations: the endpoint (a fixed, low-cardinality name) and,
 * for the token endpoint, the grant type. Never holds a token, code, secret or user id.
 *
 * @param endpoint the endpoint's short name: {@code discovery}, {@code jwks}, {@code token}, {@code userinfo} or
 * {@code revocation}
 * @param grantType the grant type sent to the token endpoint, or {@code null} for the other endpoints
 * @param description what is called, for messages, e.g. {@code token endpoint}
 */
public record HttpCall(String endpoint, @Nullable String grantType, String description) {

	/** The discovery document. */
	public static final HttpCall DISCOVERY = new HttpCall("discovery", null, "discovery endpoint");

	/** The JSON Web Key Set. */
	public static final HttpCall JWKS = new HttpCall("jwks", null, "JWKS endpoint");

	/** The user-info endpoint. */
	public static final HttpCall USERINFO = new HttpCall("userinfo", null, "userinfo endpoint");

	/** The revocation endpoint. */
	public static final HttpCall REVOCATION = new HttpCall("revocation", null, "revocation endpoint");

	/**
	 * @param endpoint the endpoint's short name
	 * @param grantType the grant type, or {@code null}
	 * @param description what is called, for messages
	 */
	public HttpCall {
		Objects.requireNonNull(endpoint, "endpoint");
		Objects.requireNonNull(description, "description");
	}

	/**
	 * @param grantType the {@code grant_type} sent, e.g. {@code refresh_token}
	 * @return a call to the token endpoint with that grant
	 */
	public static HttpCall token(String grantType) {
		return new HttpCall("token", Objects.requireNonNull(grantType, "grantType"), "token endpoint");
	}
}
