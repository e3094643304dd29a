package io.github.logtoreactive.internal.token;

import java.util.Set;

import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.IdTokenVerificationException;
import io.github.logtoreactive.IdTokenVerificationException.Reason;
import io.github.logtoreactive.internal.jwt.IdTokenVerifier;
import org.jspecify.annotations.Nullable;

/**
 * OIDC Core 12.2: an ID token returned by a refresh must name the same subject, issuer and audience as the session's
 * ID token. Compares decoded claims only; whether the new token verifies (signature, expiry) is {@link IdTokenCheck}'s
 * business. Never blocks.
 */
final class SessionIdentityCheck {

	private SessionIdentityCheck() {
	}

	/**
	 * @param sessionIdToken the session's ID token, or {@code null} when it has none (nothing to compare with)
	 * @param refreshedIdToken the ID token a refresh returned
	 * @throws IdTokenVerificationException {@code SUBJECT_MISMATCH}, {@code ISSUER_MISMATCH} or
	 * {@code AUDIENCE_MISMATCH} when the refreshed token names another identity; not when it cannot be decoded (its
	 * verification refuses it then)
	 */
	static void requireSameIdentity(@Nullable String sessionIdToken, String refreshedIdToken) {
		if (sessionIdToken == null) {
			return;
		}
		IdTokenClaims refreshed;
		try {
			refreshed = IdTokenVerifier.decode(refreshedIdToken);
		}
		catch (IdTokenVerificationException unreadable) {
			return;
		}
		IdTokenClaims session = IdTokenVerifier.decode(sessionIdToken);
		// No claim value goes into a message: it may reach the user agent.
		if (!session.sub().equals(refreshed.sub())) {
			throw new IdTokenVerificationException(Reason.SUBJECT_MISMATCH,
					"the ID token returned by the refresh names another subject than the session's", null);
		}
		if (!session.iss().equals(refreshed.iss())) {
			throw new IdTokenVerificationException(Reason.ISSUER_MISMATCH,
					"the ID token returned by the refresh has another issuer than the session's", null);
		}
		if (!Set.copyOf(session.aud()).equals(Set.copyOf(refreshed.aud()))) {
			throw new IdTokenVerificationException(Reason.AUDIENCE_MISMATCH,
					"the ID token returned by the refresh has another audience than the session's", null);
		}
	}
}
