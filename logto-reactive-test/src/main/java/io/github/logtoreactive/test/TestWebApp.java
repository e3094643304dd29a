package io.github.logtoreactive.test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A confidential "traditional web" application: authenticates at the token endpoint with
 * {@code client_secret_basic} or {@code client_secret_post}, may use the {@code authorization_code} and
 * {@code refresh_token} grants, PKCE optional (but verified when sent), as in Logto.
 *
 * <p>Immutable; build one with {@link #builder(String, String)} and add it to a tenant with
 * {@link TestTenant.Builder#webApp(TestWebApp)}:
 * <pre>{@code
 * TestWebApp app = TestWebApp.builder("test-app", "test-secret")
 *     .redirectUris("http://localhost:8080/logto/callback")
 *     .postLogoutRedirectUris("http://localhost:8080/")
 *     .backchannelLogoutUri("http://localhost:8080/logto/backchannel-logout").build();
 * }</pre>
 */
public final class TestWebApp {

	private final String id;
	private final String secret;
	private final List<String> redirectUris;
	private final List<String> postLogoutRedirectUris;
	private final String backchannelLogoutUri;
	private final boolean backchannelLogoutSessionRequired;
	private final boolean alwaysIssueRefreshToken;

	private TestWebApp(Builder builder) {
		this.id = builder.id;
		this.secret = builder.secret;
		this.redirectUris = List.copyOf(builder.redirectUris);
		this.postLogoutRedirectUris = List.copyOf(builder.postLogoutRedirectUris);
		this.backchannelLogoutUri = builder.backchannelLogoutUri;
		this.backchannelLogoutSessionRequired = builder.backchannelLogoutSessionRequired;
		this.alwaysIssueRefreshToken = builder.alwaysIssueRefreshToken;
	}

	/**
	 * Starts building a web app.
	 * @param id the client id (Logto's app id)
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

	/** @return the registered redirect URIs (exact match; {@code http} loopback IPs match on any port) */
	public List<String> redirectUris() {
		return this.redirectUris;
	}

	/** @return the registered post-logout redirect URIs (exact match) */
	public List<String> postLogoutRedirectUris() {
		return this.postLogoutRedirectUris;
	}

	/** @return the back-channel logout URI, or {@code null} when the app does not receive logout tokens */
	public String backchannelLogoutUri() {
		return this.backchannelLogoutUri;
	}

	/** @return whether logout tokens carry the {@code sid} claim */
	public boolean backchannelLogoutSessionRequired() {
		return this.backchannelLogoutSessionRequired;
	}

	/** @return whether a refresh token is issued even without {@code offline_access} (Logto's per-app switch) */
	public boolean alwaysIssueRefreshToken() {
		return this.alwaysIssueRefreshToken;
	}

	@Override
	public String toString() {
		return "TestWebApp{id=" + this.id + ", secret=****, redirectUris=" + this.redirectUris + "}";
	}

	/** Builds a {@link TestWebApp}. Not thread-safe. */
	public static final class Builder {

		private final String id;
		private final String secret;
		private final List<String> redirectUris = new ArrayList<>();
		private final List<String> postLogoutRedirectUris = new ArrayList<>();
		private String backchannelLogoutUri;
		private boolean backchannelLogoutSessionRequired = true;
		private boolean alwaysIssueRefreshToken;

		private Builder(String id, String secret) {
			this.id = Names.requireText(id, "web app id");
			this.secret = Names.requireText(secret, "web app secret");
		}

		/**
		 * Registers redirect URIs.
		 * @param uris absolute URIs without fragment
		 * @return this builder
		 */
		public Builder redirectUris(String... uris) {
			for (String uri : uris) {
				this.redirectUris.add(absolute(uri, "redirect URI"));
			}
			return this;
		}

		/**
		 * Registers post-logout redirect URIs.
		 * @param uris absolute URIs
		 * @return this builder
		 */
		public Builder postLogoutRedirectUris(String... uris) {
			for (String uri : uris) {
				this.postLogoutRedirectUris.add(absolute(uri, "post-logout redirect URI"));
			}
			return this;
		}

		/**
		 * Sets the URI the server POSTs logout tokens to when a session of this app ends.
		 * @param uri an absolute URI, or {@code null} for none
		 * @return this builder
		 */
		public Builder backchannelLogoutUri(String uri) {
			this.backchannelLogoutUri = (uri != null) ? absolute(uri, "back-channel logout URI") : null;
			return this;
		}

		/**
		 * @param required whether logout tokens carry {@code sid} (default {@code true})
		 * @return this builder
		 */
		public Builder backchannelLogoutSessionRequired(boolean required) {
			this.backchannelLogoutSessionRequired = required;
			return this;
		}

		/**
		 * @param always whether to issue a refresh token without {@code offline_access} (default {@code false})
		 * @return this builder
		 */
		public Builder alwaysIssueRefreshToken(boolean always) {
			this.alwaysIssueRefreshToken = always;
			return this;
		}

		private static String absolute(String uri, String what) {
			Names.requireText(uri, what);
			try {
				URI parsed = new URI(uri);
				if (!parsed.isAbsolute() || parsed.getRawFragment() != null) {
					throw new IllegalArgumentException(what + " must be an absolute URI without fragment: " + uri);
				}
			}
			catch (java.net.URISyntaxException ex) {
				throw new IllegalArgumentException(what + " is not a valid URI: " + uri, ex);
			}
			return uri;
		}

		/**
		 * @return a new immutable web app
		 * @throws IllegalStateException if no redirect URI is registered
		 */
		public TestWebApp build() {
			if (this.redirectUris.isEmpty()) {
				throw new IllegalStateException("web app '" + this.id
						+ "' needs at least one redirect URI: call redirectUris(..)");
			}
			return new TestWebApp(this);
		}
	}
}
