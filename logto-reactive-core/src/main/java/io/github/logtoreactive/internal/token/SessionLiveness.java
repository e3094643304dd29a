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
 * refresh token, or with an ID token that does not decode (not from a Logto sign-in), is never due. Pure; decides on
 * the engine's clock.
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
			// Not a JWT with exp and iat: the session did not come from a Logto sign-in (stored ID tokens were
			// verified, and cookies and stores are authenticated), so there is no expiry to revalidate at.
			return false;
		}
		Instant deadline = claims.exp();
		if (this.revalidateAfter != null) {
			Instant early = claims.iat().plus(this.revalidateAfter);
			deadline = early.isBefore(deadline) ? early : deadline;
		}
		return !this.clock.instant().isBefore(deadline);
	}
}
