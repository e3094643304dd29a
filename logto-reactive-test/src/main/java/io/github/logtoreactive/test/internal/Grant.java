package io.github.logtoreactive.test.internal;

import java.time.Instant;
import java.util.List;

/**
 * What a user authorized for a client in one sign-in; codes, refresh tokens and opaque access tokens point to
 * it by id and die with it.
 *
 * @param id the grant id
 * @param clientId the client
 * @param userId the user
 * @param sessionUid the browser session's uid ({@code sid})
 * @param resources the resource indicators requested at {@code /auth}
 * @param persistsLogout whether {@code offline_access} was granted, so the grant survives end-session
 * @param expiresAt the grant expiry (180 days)
 */
record Grant(String id, String clientId, String userId, String sessionUid, List<String> resources,
		boolean persistsLogout, Instant expiresAt) {
}
