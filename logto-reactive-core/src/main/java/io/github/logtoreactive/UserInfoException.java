package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;

/**
 * Logto's user-info endpoint ({@code /oidc/me}) refused the request, e.g. 401 {@code invalid_token}. Code
 * {@code userinfo.<error>}. The session is left intact.
 */
public final class UserInfoException extends OidcEndpointException {

	private static final long serialVersionUID = 1L;

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
