package io.github.logtoreactive.test.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.SigningKeyType;
import io.github.logtoreactive.test.TestTenant;

/**
 * The validated, immutable configuration of a test server: the tenant it serves and the server's own settings.
 * Built by {@code LogtoTestServer.Builder}; the tenant checked its own references, the constructor checks the
 * rest (the auto-login user, the extended claims) and fails with a message that says what to configure.
 *
 * @param host the interface to bind
 * @param port the port to bind, 0 for a free one
 * @param tenant the users, roles, API resources, organizations and apps
 * @param accessTokenTtl TTL of opaque and organization access tokens, and of resource tokens without their own
 * @param idTokenTtl TTL of ID tokens
 * @param refreshTokenTtl TTL of refresh tokens
 * @param rotation the refresh token rotation policy
 * @param signingKeyType the initial signing key type
 * @param autoLoginUserId the user signed in without a page, or {@code null}
 * @param clock the clock for every timestamp and expiry decision
 * @param idTokenExtendedClaims the extended claims ({@code roles}, {@code organizations}, ...) put in ID tokens
 */
public record ServerConfig(String host, int port, TestTenant tenant, Duration accessTokenTtl, Duration idTokenTtl,
		Duration refreshTokenTtl, RefreshTokenRotation rotation, SigningKeyType signingKeyType,
		String autoLoginUserId, Clock clock, Set<String> idTokenExtendedClaims) {

	/** Extended claims Logto may put in ID tokens (the tenant's {@code enabledExtendedClaims}). */
	public static final List<String> EXTENDED_CLAIMS = List.of("custom_data", "identities", "sso_identities",
			"roles", "organizations", "organization_data", "organization_roles");

	/** The extended claims a default Logto tenant puts in ID tokens. */
	public static final Set<String> DEFAULT_ID_TOKEN_EXTENDED_CLAIMS = Set.of("roles", "organizations",
			"organization_roles");

	/** Validates the auto-login user and the extended claims. */
	public ServerConfig {
		if (autoLoginUserId != null && !tenant.users().containsKey(autoLoginUserId)) {
			throw new IllegalStateException("autoLogin(\"" + autoLoginUserId
					+ "\") names no configured user: add .user(TestUser.builder(\"" + autoLoginUserId + "\")...)");
		}
		for (String claim : idTokenExtendedClaims) {
			if (!EXTENDED_CLAIMS.contains(claim)) {
				throw new IllegalStateException("unknown extended claim '" + claim + "', use one of " + EXTENDED_CLAIMS);
			}
		}
	}
}
