package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.internal.jwt.IdTokenVerifier;
import org.jspecify.annotations.Nullable;

/**
 * When a signed-in session must be revalidated with Logto before it counts as signed in again: once its ID token
 * expired, or {@code revalidateAfter} after the ID token was issued when that comes first. A session without a
 * refresh token cannot be revalidated and is never due. Pure; decides on the engine's clock.
 *
 * @param clock the engine's clock
 * @param revalidateAfter how long after issue the ID token is revalidated, or {@code null} for its expiry
 */
record SessionLiveness(Clock clock, @Nullable Duration revalidateAfter) {

	/**
	 * @param session a session
	 * @return whether it is signed in, can be revalidated, and its ID token is past its revalidation time
	 */
	boolean isDue(LogtoSession session) {
		String idToken = session.idToken();
		if (idToken == null || session.refreshToken() == null) {
			return false;
		}
		IdTokenClaims claims;
		try {
			claims = IdTokenVerifier.decode(idToken);
		}
		catch (RuntimeException ex) {
			// a stored ID token that no longer parses is due: the refresh replaces it or ends the session
			return true;
		}
		Instant deadline = claims.exp();
		if (this.revalidateAfter != null) {
			Instant early = claims.iat().plus(this.revalidateAfter);
			deadline = early.isBefore(deadline) ? early : deadline;
		}
		return !this.clock.instant().isBefore(deadline);
	}
}
