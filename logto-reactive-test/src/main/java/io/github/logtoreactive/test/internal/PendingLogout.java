package io.github.logtoreactive.test.internal;

import java.time.Instant;

/**
 * An end-session request waiting for the confirm form's auto-submit.
 *
 * @param xsrf the form's anti-forgery value, also the lookup key
 * @param clientId the identified client, or {@code null}
 * @param postLogoutRedirectUri the validated post-logout redirect URI, or {@code null}
 * @param state the state to echo, or {@code null}
 * @param expiresAt the expiry
 */
record PendingLogout(String xsrf, String clientId, String postLogoutRedirectUri, String state, Instant expiresAt) {
}
