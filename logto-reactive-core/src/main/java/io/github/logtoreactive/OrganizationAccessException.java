package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;

/**
 * Logto refused an organization token: 403 {@code access_denied} (not a member, MFA required, no consent) or 403
 * {@code insufficient_scope} (the grant lacks {@code urn:logto:scope:organizations}). The session is left intact.
 */
public final class OrganizationAccessException extends TokenEndpointException {

	private static final long serialVersionUID = 1L;

	private final String organizationId;

	/**
	 * @param organizationId the organization asked for
	 * @param status the HTTP status
	 * @param error the OAuth error
	 * @param errorDescription the description
	 * @param logtoCode Logto's code
	 */
	public OrganizationAccessException(String organizationId, int status, String error,
			@Nullable String errorDescription, @Nullable String logtoCode) {
		super(status, error, errorDescription, logtoCode, null);
		this.organizationId = organizationId;
	}

	/**
	 * @return the organization asked for
	 */
	public String organizationId() {
		return this.organizationId;
	}
}
