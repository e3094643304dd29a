package io.github.logtoreactive.test.internal;

import java.time.Instant;
import java.util.List;

/**
 * An opaque access token, usable only at the userinfo endpoint.
 *
 * @param value the token value (43 characters, no dot)
 * @param grantId the grant it belongs to
 * @param clientId the client it was issued to
 * @param userId the user
 * @param scopes its OIDC scopes
 * @param expiresAt the expiry
 */
record OpaqueAccessToken(String value, String grantId, String clientId, String userId, List<String> scopes,
		Instant expiresAt) {
}
