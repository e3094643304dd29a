package io.github.logtoreactive.test;

/**
 * When the test server replaces a refresh token with a new one on the {@code refresh_token} grant.
 *
 * <p>Whatever the policy, a rotated (consumed) refresh token stays usable for 3 seconds after its last use, as
 * in Logto; each such use returns a different new refresh token and restarts the 3 seconds. A consumed token used
 * later revokes the whole grant and the request fails with {@code invalid_grant}.
 */
public enum RefreshTokenRotation {

	/** Rotate on every use: the policy Logto applies to public clients (SPA, native). */
	ALWAYS,

	/**
	 * Rotate only once 70% of the refresh token's lifetime has passed, otherwise echo the same value: the
	 * policy Logto applies to confidential (traditional web) clients. This is the default.
	 */
	AFTER_70_PERCENT,

	/** Never rotate and echo the same value, as Logto does when an app turns {@code rotateRefreshToken} off. */
	NEVER
}
