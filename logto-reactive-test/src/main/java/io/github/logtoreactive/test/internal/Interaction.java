package io.github.logtoreactive.test.internal;

import java.time.Instant;

/**
 * A pending sign-in: the validated request waiting for the user to pick an account on the sign-in page.
 *
 * @param uid the interaction id, part of the sign-in page URL
 * @param request the authorization request
 * @param expiresAt the expiry (1 hour, Logto's interaction TTL)
 */
record Interaction(String uid, AuthorizationRequest request, Instant expiresAt) {
}
