package io.github.logtoreactive.test.internal;

import java.util.List;
import java.util.Map;

/**
 * The OpenID Provider metadata Logto publishes (snapshot of its {@code discovery.test.ts}), with
 * {@code id_token_signing_alg_values_supported} computed from the published keys.
 */
final class DiscoveryDocument {

	private DiscoveryDocument() {
	}

	static Map<String, Object> of(String issuer, List<String> algorithms) {
		return Json.object(
				"authorization_endpoint", issuer + "/auth",
				"authorization_response_iss_parameter_supported", true,
				"backchannel_logout_session_supported", true,
				"backchannel_logout_supported", true,
				"claim_types_supported", List.of("normal"),
				"claims_parameter_supported", false,
				"claims_supported", List.of("sub", "name", "family_name", "given_name", "middle_name", "nickname",
						"preferred_username", "profile", "picture", "website", "gender", "birthdate", "zoneinfo",
						"locale", "updated_at", "username", "created_at", "email", "email_verified", "phone_number",
						"phone_number_verified", "address", "custom_data", "identities", "sso_identities", "roles",
						"organizations", "organization_data", "organization_roles", "sid", "auth_time", "iss"),
				"code_challenge_methods_supported", List.of("S256"),
				"device_authorization_endpoint", issuer + "/device/auth",
				"end_session_endpoint", issuer + "/session/end",
				"grant_types_supported", List.of("implicit", "authorization_code", "refresh_token",
						"client_credentials", "urn:ietf:params:oauth:grant-type:device_code",
						"urn:ietf:params:oauth:grant-type:token-exchange"),
				"id_token_signing_alg_values_supported", algorithms,
				"introspection_endpoint", issuer + "/token/introspection",
				"issuer", issuer,
				"jwks_uri", issuer + "/jwks",
				"pushed_authorization_request_endpoint", issuer + "/request",
				"request_parameter_supported", false,
				"request_uri_parameter_supported", false,
				"response_modes_supported", List.of("form_post", "fragment", "query"),
				"response_types_supported", List.of("code id_token", "code", "id_token", "none"),
				"revocation_endpoint", issuer + "/token/revocation",
				"scopes_supported", UserClaims.OIDC_SCOPES,
				"subject_types_supported", List.of("public"),
				"token_endpoint", issuer + "/token",
				"token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_jwt",
						"client_secret_post", "private_key_jwt", "none"),
				"token_endpoint_auth_signing_alg_values_supported", List.of("HS256", "RS256", "PS256", "ES256",
						"EdDSA"),
				"userinfo_endpoint", issuer + "/me");
	}
}
