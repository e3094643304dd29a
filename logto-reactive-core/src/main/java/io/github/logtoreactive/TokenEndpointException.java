package io.github.logtoreactive;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Logto's token endpoint refused a grant (authorization code, refresh token or client credentials). Code
 * {@code token_endpoint.<error>}. For a refresh, {@code invalid_grant} is signalled as the subtype
 * {@link SessionExpiredException}, and organization refusals as {@link OrganizationAccessException}.
 */
public class TokenEndpointException extends OidcEndpointException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Duration retryAfter;

	/**
	 * @param status the HTTP status
	 * @param error the OAuth error
	 * @param errorDescription the description
	 * @param logtoCode Logto's code
	 * @param retryAfter the {@code Retry-After} of a 429 or 503, or {@code null}
	 */
	public TokenEndpointException(int status, String error, @Nullable String errorDescription,
			@Nullable String logtoCode, @Nullable Duration retryAfter) {
		super("token_endpoint", status, error, errorDescription, logtoCode, null);
		this.retryAfter = retryAfter;
	}

	/**
	 * @return the server's {@code Retry-After}, or {@code null}
	 */
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}
}
