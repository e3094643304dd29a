package io.github.logtoreactive.test;

import java.util.ArrayList;
import java.util.List;

/**
 * A machine-to-machine application: may only use the {@code client_credentials} grant
 * ({@code client_secret_basic} or {@code client_secret_post}).
 *
 * <p>Its API resource scopes come from its global roles ({@link #roles()}); its organization scopes from the
 * organization roles it holds in organizations ({@link TestOrganization.Builder#application(String, String...)}).
 * Immutable; build one with {@link #builder(String, String)}:
 * <pre>{@code
 * TestM2mApp m2m = TestM2mApp.builder("m2m-app", "m2m-secret").roles("api-reader").build();
 * }</pre>
 */
public final class TestM2mApp {

	private final String id;
	private final String secret;
	private final List<String> roles;

	private TestM2mApp(Builder builder) {
		this.id = builder.id;
		this.secret = builder.secret;
		this.roles = List.copyOf(builder.roles);
	}

	/**
	 * Starts building a machine-to-machine app.
	 * @param id the client id
	 * @param secret the client secret
	 * @return a new builder
	 */
	public static Builder builder(String id, String secret) {
		return new Builder(id, secret);
	}

	/** @return the client id */
	public String id() {
		return this.id;
	}

	/** @return the client secret */
	public String secret() {
		return this.secret;
	}

	/** @return the names of the global roles assigned to this app */
	public List<String> roles() {
		return this.roles;
	}

	@Override
	public String toString() {
		return "TestM2mApp{id=" + this.id + ", secret=****, roles=" + this.roles + "}";
	}

	/** Builds a {@link TestM2mApp}. Not thread-safe. */
	public static final class Builder {

		private final String id;
		private final String secret;
		private final List<String> roles = new ArrayList<>();

		private Builder(String id, String secret) {
			this.id = Names.requireText(id, "M2M app id");
			this.secret = Names.requireText(secret, "M2M app secret");
		}

		/**
		 * Assigns global roles by name (configured with {@link TestTenant.Builder#role(TestRole)}).
		 * @param roleNames the role names
		 * @return this builder
		 */
		public Builder roles(String... roleNames) {
			for (String role : roleNames) {
				this.roles.add(Names.requireText(role, "role name"));
			}
			return this;
		}

		/** @return a new immutable M2M app */
		public TestM2mApp build() {
			return new TestM2mApp(this);
		}
	}
}
