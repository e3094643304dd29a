package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;

/**
 * Logto's user-info endpoint ({@code /oidc/me}) refused the request, e.g. 401 {@code invalid_token}, or answered with
 * user info this session must not use (OIDC Core 5.3.2): {@link #error()} is then {@value #SUBJECT_MISMATCH} when its
 * {@code sub} is not the session's ID token's, or {@value #MISSING_SUBJECT} when it has none, and the user info is
 * dropped. Code {@code userinfo.<error>}. The session is left intact.
 */
public final class UserInfoException extends OidcEndpointException {

	private static final long serialVersionUID = 1L;

	/** {@link #error()} when the user info names another subject than the session's ID token. */
	public static final String SUBJECT_MISMATCH = "subject_mismatch";

	/** {@link #error()} when the user info has no {@code sub} (or one that is not a string). */
	public static final String MISSING_SUBJECT = "missing_subject";

	/**
	 * @param status the HTTP status
	 * @param error the OAuth error
	 * @param errorDescription the description
	 * @param logtoCode Logto's code
	 */
	public UserInfoException(int status, String error, @Nullable String errorDescription, @Nullable String logtoCode) {
		super("userinfo", status, error, errorDescription, logtoCode, null);
	}
}
