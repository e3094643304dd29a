package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;

/**
 * The session is over: Logto refused its refresh token with {@code invalid_grant} (expired, revoked, or the grant
 * was revoked after a replay). The session's tokens have been cleared; the user must sign in again.
 */
public final class SessionExpiredException extends TokenEndpointException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param status the HTTP status (normally 400)
	 * @param errorDescription the description
	 * @param logtoCode Logto's code
	 */
	public SessionExpiredException(int status, @Nullable String errorDescription, @Nullable String logtoCode) {
		super(status, "invalid_grant", errorDescription, logtoCode, null);
	}
}
