package io.github.logtoreactive;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of asking for one organization's token in {@code getOrganizationTokens()}: either the token or the
 * error, so one organization's failure does not sink the others. Immutable.
 */
public final class OrganizationTokenResult {

	private final String organizationId;

	private final @Nullable String token;

	private final @Nullable LogtoException error;

	private OrganizationTokenResult(String organizationId, @Nullable String token, @Nullable LogtoException error) {
		this.organizationId = Objects.requireNonNull(organizationId, "organizationId");
		this.token = token;
		this.error = error;
	}

	/**
	 * @param organizationId the organization
	 * @param token its token
	 * @return a success
	 */
	public static OrganizationTokenResult success(String organizationId, String token) {
		return new OrganizationTokenResult(organizationId, Objects.requireNonNull(token, "token"), null);
	}

	/**
	 * @param organizationId the organization
	 * @param error why no token
	 * @return a failure
	 */
	public static OrganizationTokenResult failure(String organizationId, LogtoException error) {
		return new OrganizationTokenResult(organizationId, null, Objects.requireNonNull(error, "error"));
	}

	/**
	 * @return the organization id
	 */
	public String organizationId() {
		return this.organizationId;
	}

	/**
	 * @return the token, or {@code null} on failure
	 */
	public @Nullable String token() {
		return this.token;
	}

	/**
	 * @return the error, or {@code null} on success
	 */
	public @Nullable LogtoException error() {
		return this.error;
	}

	/**
	 * @return whether a token was obtained
	 */
	public boolean isSuccess() {
		return this.token != null;
	}

	@Override
	public String toString() {
		return "OrganizationTokenResult{organizationId=" + this.organizationId + ", "
				+ (this.error == null ? "token=****" : "error=" + this.error.code()) + "}";
	}
}
