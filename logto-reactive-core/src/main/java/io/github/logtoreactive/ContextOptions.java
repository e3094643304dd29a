package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;

/**
 * What {@code getContext(options)} should gather besides the ID-token claims: the equivalent of the options of
 * Logto's {@code getLogtoContext}. Immutable; build with {@link #builder()}.
 */
public final class ContextOptions {

	private static final ContextOptions DEFAULTS = builder().build();

	private final boolean fetchUserInfo;

	private final boolean getAccessToken;

	private final @Nullable String resource;

	private final @Nullable String organizationId;

	private final boolean getOrganizationTokens;

	private ContextOptions(Builder b) {
		this.fetchUserInfo = b.fetchUserInfo;
		this.getAccessToken = b.getAccessToken || b.resource != null || b.organizationId != null;
		this.resource = b.resource;
		this.organizationId = b.organizationId;
		this.getOrganizationTokens = b.getOrganizationTokens;
	}

	/**
	 * @return options asking for the claims only
	 */
	public static ContextOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * @return whether to call the user-info endpoint
	 */
	public boolean fetchUserInfo() {
		return this.fetchUserInfo;
	}

	/**
	 * @return whether to get an access token (for {@link #resource()} / {@link #organizationId()}, or the default one)
	 */
	public boolean getAccessToken() {
		return this.getAccessToken;
	}

	/**
	 * @return the API resource of the access token, or {@code null}
	 */
	public @Nullable String resource() {
		return this.resource;
	}

	/**
	 * @return the organization of the access token, or {@code null}
	 */
	public @Nullable String organizationId() {
		return this.organizationId;
	}

	/**
	 * @return whether to get a token for every organization of the user
	 */
	public boolean getOrganizationTokens() {
		return this.getOrganizationTokens;
	}

	/**
	 * Builds {@link ContextOptions}.
	 */
	public static final class Builder {

		private boolean fetchUserInfo;

		private boolean getAccessToken;

		private @Nullable String resource;

		private @Nullable String organizationId;

		private boolean getOrganizationTokens;

		private Builder() {
		}

		/**
		 * @param fetch whether to call the user-info endpoint
		 * @return this builder
		 */
		public Builder fetchUserInfo(boolean fetch) {
			this.fetchUserInfo = fetch;
			return this;
		}

		/**
		 * @param get whether to get an access token (implied by a resource or organization)
		 * @return this builder
		 */
		public Builder getAccessToken(boolean get) {
			this.getAccessToken = get;
			return this;
		}

		/**
		 * @param resource the API resource of the access token
		 * @return this builder
		 */
		public Builder resource(@Nullable String resource) {
			this.resource = (resource == null || resource.isEmpty()) ? null : resource;
			return this;
		}

		/**
		 * @param organizationId the organization of the access token
		 * @return this builder
		 */
		public Builder organizationId(@Nullable String organizationId) {
			this.organizationId = (organizationId == null || organizationId.isEmpty()) ? null : organizationId;
			return this;
		}

		/**
		 * @param get whether to get a token for every organization of the user
		 * @return this builder
		 */
		public Builder getOrganizationTokens(boolean get) {
			this.getOrganizationTokens = get;
			return this;
		}

		/**
		 * @return the options
		 */
		public ContextOptions build() {
			return new ContextOptions(this);
		}
	}
}
