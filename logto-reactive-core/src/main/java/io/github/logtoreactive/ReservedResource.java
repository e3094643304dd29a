package io.github.logtoreactive;

/**
 * API resource indicators Logto reserves.
 */
public final class ReservedResource {

	/** The resource for organization tokens, added when {@link UserScope#ORGANIZATIONS} is requested. */
	public static final String ORGANIZATION = "urn:logto:resource:organizations";

	/** Prefix of the audience of an organization token: {@code urn:logto:organization:<id>}. */
	public static final String ORGANIZATION_URN_PREFIX = "urn:logto:organization:";

	private ReservedResource() {
	}

	/**
	 * Returns the audience Logto gives an organization token.
	 * @param organizationId the organization id
	 * @return {@code urn:logto:organization:<organizationId>}
	 */
	public static String organizationUrn(String organizationId) {
		return ORGANIZATION_URN_PREFIX + organizationId;
	}
}
