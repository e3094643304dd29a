package io.github.logtoreactive;

/**
 * Scopes that ask Logto for user claims, with the same values as Logto's SDKs.
 *
 * <p>
 * Base claims arrive in the ID token; extended claims ({@code custom_data}, {@code identities},
 * {@code organization_data}) only from {@code fetchUserInfo()} unless the tenant enables them for the ID token.
 */
public final class UserScope {

	/** {@code profile}: name, picture, username, created_at, updated_at and the standard profile claims. */
	public static final String PROFILE = "profile";

	/** {@code email}: email, email_verified. */
	public static final String EMAIL = "email";

	/** {@code phone}: phone_number, phone_number_verified. */
	public static final String PHONE = "phone";

	/** {@code address}: address. */
	public static final String ADDRESS = "address";

	/** {@code custom_data}: custom_data (user info only). */
	public static final String CUSTOM_DATA = "custom_data";

	/** {@code identities}: identities, sso_identities (user info only). */
	public static final String IDENTITIES = "identities";

	/** {@code roles}: roles. */
	public static final String ROLES = "roles";

	/**
	 * {@code urn:logto:scope:organizations}: organizations, organization_data; required for organization tokens.
	 * Adds the resource {@link ReservedResource#ORGANIZATION} to the configuration.
	 */
	public static final String ORGANIZATIONS = "urn:logto:scope:organizations";

	/** {@code urn:logto:scope:organization_roles}: organization_roles ({@code "<orgId>:<roleName>"}). */
	public static final String ORGANIZATION_ROLES = "urn:logto:scope:organization_roles";

	private UserScope() {
	}
}
