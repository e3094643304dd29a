package io.github.logtoreactive.internal.token;

import org.jspecify.annotations.Nullable;

/**
 * A successful token-endpoint response, validated: {@code access_token} present, {@code expires_in} non-negative.
 *
 * @param accessToken the access token
 * @param refreshToken the (possibly rotated) refresh token, or {@code null}
 * @param idToken the ID token (not yet verified), or {@code null}
 * @param scope the granted scope as sent (may be empty), or {@code null} when absent
 * @param expiresIn seconds until the access token expires
 * @param tokenType the token type, normally {@code Bearer}
 * <p>
 * Public only because the internal signin package uses it.
 */
public record TokenResponse(String accessToken, @Nullable String refreshToken, @Nullable String idToken,
		@Nullable String scope, long expiresIn, String tokenType) {

	@Override
	public String toString() {
		return "TokenResponse{scope=" + this.scope + ", expiresIn=" + this.expiresIn + ", refreshToken="
				+ (this.refreshToken == null ? "none" : "****") + ", idToken=" + (this.idToken == null ? "none" : "****")
				+ "}";
	}
}
