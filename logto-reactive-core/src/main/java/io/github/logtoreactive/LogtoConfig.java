package io.github.logtoreactive;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import static io.github.logtoreactive.LogtoConfigRules.joinPrompt;
import static io.github.logtoreactive.LogtoConfigRules.normalizeResources;
import static io.github.logtoreactive.LogtoConfigRules.normalizeScopes;
import static io.github.logtoreactive.LogtoConfigRules.requireAbsoluteUris;
import static io.github.logtoreactive.LogtoConfigRules.requireNoBlank;
import static io.github.logtoreactive.LogtoConfigRules.requireNonNegative;
import static io.github.logtoreactive.LogtoConfigRules.requirePositive;
import static io.github.logtoreactive.LogtoConfigRules.validateEndpoint;

/**
 * The configuration of a Logto application: where Logto is, who the application is, what it asks for, and how
 * patient the client is. Immutable and safe to share; derive variants with {@link #toBuilder()}.
 *
 * <p>
 * Scopes and resources are normalized exactly as Logto's SDKs do: unless {@code includeReservedScopes} is
 * {@code false}, {@code openid offline_access profile} are added in front of the configured scopes (duplicates
 * removed), and when the scopes contain {@link UserScope#ORGANIZATIONS}, the resource
 * {@link ReservedResource#ORGANIZATION} is added.
 *
 * <pre>{@code
 * LogtoConfig config = LogtoConfig.builder()
 *     .endpoint("https://tenant.logto.app")
 *     .appId("my-app")
 *     .appSecret(System.getenv("LOGTO_APP_SECRET"))
 *     .scopes(UserScope.EMAIL, UserScope.ORGANIZATIONS)
 *     .resources("https://api.example.com")
 *     .build();
 * }</pre>
 *
 * {@link Builder#build()} fails with a {@link LogtoConfigurationException} naming the field to set when the
 * configuration is invalid. Building never blocks.
 */
public final class LogtoConfig {

	/** Default tolerance for {@code exp}/{@code iat} checks of ID tokens. */
	public static final Duration DEFAULT_CLOCK_TOLERANCE = Duration.ofSeconds(60);

	/** Default TCP connect timeout for calls to Logto. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Default time allowed for a whole response from Logto. */
	public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(10);

	/** Default time a discovery document is cached. */
	public static final Duration DEFAULT_DISCOVERY_TTL = Duration.ofHours(1);

	/** Default minimum interval between two JWKS refetches caused by an unknown {@code kid}. */
	public static final Duration DEFAULT_JWKS_REFETCH_INTERVAL = Duration.ofSeconds(10);

	/** Default lifetime of a sign-in transaction (from sign-in redirect to callback). */
	public static final Duration DEFAULT_SIGN_IN_TRANSACTION_TTL = Duration.ofMinutes(10);

	/** Default margin before expiry within which an access token is refreshed. */
	public static final Duration DEFAULT_REFRESH_SKEW = Duration.ofSeconds(60);

	/** Default time a refresh result is kept for requests that still present the replaced refresh token. */
	public static final Duration DEFAULT_REFRESH_RESULT_RETENTION = Duration.ofSeconds(30);

	/** Default number of sessions whose tokens are kept after their response was committed. */
	public static final int DEFAULT_PENDING_MAX_SESSIONS = 10_000;

	/** Default number of retries of a transient token-endpoint failure (5xx, 429, timeout). */
	public static final int DEFAULT_TRANSIENT_RETRIES = 2;

	/** Default first backoff between transient retries (jittered, doubled each time). */
	public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(200);

	private final URI endpoint;

	private final String appId;

	private final @Nullable String appSecret;

	private final List<String> configuredScopes;

	private final List<String> configuredResources;

	private final List<String> scopes;

	private final List<String> resources;

	private final List<Prompt> prompt;

	private final boolean includeReservedScopes;

	private final Duration clockTolerance;

	private final Duration connectTimeout;

	private final Duration responseTimeout;

	private final Duration discoveryTtl;

	private final Duration jwksRefetchInterval;

	private final Duration signInTransactionTtl;

	private final Duration refreshSkew;

	private final Duration refreshResultRetention;

	private final @Nullable Duration revalidateAfter;

	private final int pendingMaxSessions;

	private final int transientRetries;

	private final Duration retryBackoff;

	private LogtoConfig(Builder b, URI endpoint) {
		this.endpoint = endpoint;
		this.appId = Objects.requireNonNull(b.appId);
		this.appSecret = b.appSecret;
		this.configuredScopes = List.copyOf(b.scopes);
		this.configuredResources = List.copyOf(b.resources);
		this.includeReservedScopes = b.includeReservedScopes;
		this.scopes = normalizeScopes(this.configuredScopes, this.includeReservedScopes);
		this.resources = normalizeResources(this.configuredScopes, this.configuredResources);
		this.prompt = List.copyOf(b.prompt);
		this.clockTolerance = b.clockTolerance;
		this.connectTimeout = b.connectTimeout;
		this.responseTimeout = b.responseTimeout;
		this.discoveryTtl = b.discoveryTtl;
		this.jwksRefetchInterval = b.jwksRefetchInterval;
		this.signInTransactionTtl = b.signInTransactionTtl;
		this.refreshSkew = b.refreshSkew;
		this.refreshResultRetention = b.refreshResultRetention;
		this.revalidateAfter = b.revalidateAfter;
		this.pendingMaxSessions = b.pendingMaxSessions;
		this.transientRetries = b.transientRetries;
		this.retryBackoff = b.retryBackoff;
	}

	/**
	 * @return a new, empty builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * @return a builder pre-filled with this configuration
	 */
	public Builder toBuilder() {
		Builder b = new Builder();
		b.endpoint = this.endpoint.toString();
		b.appId = this.appId;
		b.appSecret = this.appSecret;
		b.scopes.addAll(this.configuredScopes);
		b.resources.addAll(this.configuredResources);
		b.prompt = new ArrayList<>(this.prompt);
		b.includeReservedScopes = this.includeReservedScopes;
		b.clockTolerance = this.clockTolerance;
		b.connectTimeout = this.connectTimeout;
		b.responseTimeout = this.responseTimeout;
		b.discoveryTtl = this.discoveryTtl;
		b.jwksRefetchInterval = this.jwksRefetchInterval;
		b.signInTransactionTtl = this.signInTransactionTtl;
		b.refreshSkew = this.refreshSkew;
		b.refreshResultRetention = this.refreshResultRetention;
		b.revalidateAfter = this.revalidateAfter;
		b.pendingMaxSessions = this.pendingMaxSessions;
		b.transientRetries = this.transientRetries;
		b.retryBackoff = this.retryBackoff;
		return b;
	}

	/**
	 * @return the Logto endpoint, without a trailing slash; a tenant path is kept
	 */
	public URI endpoint() {
		return this.endpoint;
	}

	/**
	 * @return the discovery URL, {@code <endpoint>/oidc/.well-known/openid-configuration}
	 */
	public URI discoveryUri() {
		return URI.create(this.endpoint + "/oidc/.well-known/openid-configuration");
	}

	/**
	 * @return the application id ({@code client_id})
	 */
	public String appId() {
		return this.appId;
	}

	/**
	 * @return the application secret, or {@code null} for a public client
	 */
	public @Nullable String appSecret() {
		return this.appSecret;
	}

	/**
	 * @return the normalized scopes sent at sign-in
	 */
	public List<String> scopes() {
		return this.scopes;
	}

	/**
	 * @return the normalized API resources sent at sign-in (one {@code resource} parameter each)
	 */
	public List<String> resources() {
		return this.resources;
	}

	/**
	 * @return the scopes as configured, before normalization
	 */
	public List<String> configuredScopes() {
		return this.configuredScopes;
	}

	/**
	 * @return the resources as configured, before normalization
	 */
	public List<String> configuredResources() {
		return this.configuredResources;
	}

	/**
	 * @return the prompt values (default {@link Prompt#CONSENT})
	 */
	public List<Prompt> prompt() {
		return this.prompt;
	}

	/**
	 * @return the space-joined {@code prompt} parameter
	 */
	public String promptValue() {
		return joinPrompt(this.prompt);
	}

	/**
	 * @return whether {@code openid offline_access profile} are added to the scopes
	 */
	public boolean includeReservedScopes() {
		return this.includeReservedScopes;
	}

	/**
	 * @return the tolerance for time-based ID-token checks
	 */
	public Duration clockTolerance() {
		return this.clockTolerance;
	}

	/**
	 * @return the TCP connect timeout for calls to Logto
	 */
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * @return the time allowed for a whole response from Logto
	 */
	public Duration responseTimeout() {
		return this.responseTimeout;
	}

	/**
	 * @return how long the discovery document is cached
	 */
	public Duration discoveryTtl() {
		return this.discoveryTtl;
	}

	/**
	 * @return the minimum interval between two JWKS refetches triggered by an unknown {@code kid} (the first fetch
	 * does not count)
	 */
	public Duration jwksRefetchInterval() {
		return this.jwksRefetchInterval;
	}

	/**
	 * @return how long a sign-in transaction stays valid
	 */
	public Duration signInTransactionTtl() {
		return this.signInTransactionTtl;
	}

	/**
	 * @return the margin before expiry within which access tokens are refreshed (capped at half a token's lifetime)
	 */
	public Duration refreshSkew() {
		return this.refreshSkew;
	}

	/**
	 * @return how long a refresh result is kept for late requests that present the replaced refresh token
	 */
	public Duration refreshResultRetention() {
		return this.refreshResultRetention;
	}

	/**
	 * @return how long after its ID token was issued a signed-in session is revalidated with Logto (one refresh)
	 * before it counts as signed in again, or {@code null} to revalidate when the ID token expires (the default)
	 */
	public @Nullable Duration revalidateAfter() {
		return this.revalidateAfter;
	}

	/**
	 * @return the most sessions whose tokens are kept, after their response was committed, for the user agent's next
	 * request; beyond it the session pinned least recently is dropped first
	 */
	public int pendingMaxSessions() {
		return this.pendingMaxSessions;
	}

	/**
	 * @return how many times a transient token-endpoint failure is retried
	 */
	public int transientRetries() {
		return this.transientRetries;
	}

	/**
	 * @return the first backoff between transient retries
	 */
	public Duration retryBackoff() {
		return this.retryBackoff;
	}

	@Override
	public boolean equals(@Nullable Object o) {
		if (this == o) {
			return true;
		}
		if (!(o instanceof LogtoConfig other)) {
			return false;
		}
		return this.endpoint.equals(other.endpoint) && this.appId.equals(other.appId)
				&& Objects.equals(this.appSecret, other.appSecret)
				&& this.configuredScopes.equals(other.configuredScopes)
				&& this.configuredResources.equals(other.configuredResources) && this.prompt.equals(other.prompt)
				&& this.includeReservedScopes == other.includeReservedScopes
				&& this.clockTolerance.equals(other.clockTolerance)
				&& this.connectTimeout.equals(other.connectTimeout)
				&& this.responseTimeout.equals(other.responseTimeout) && this.discoveryTtl.equals(other.discoveryTtl)
				&& this.jwksRefetchInterval.equals(other.jwksRefetchInterval)
				&& this.signInTransactionTtl.equals(other.signInTransactionTtl)
				&& this.refreshSkew.equals(other.refreshSkew)
				&& this.refreshResultRetention.equals(other.refreshResultRetention)
				&& Objects.equals(this.revalidateAfter, other.revalidateAfter)
				&& this.pendingMaxSessions == other.pendingMaxSessions
				&& this.transientRetries == other.transientRetries && this.retryBackoff.equals(other.retryBackoff);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.endpoint, this.appId, this.appSecret, this.configuredScopes,
				this.configuredResources, this.prompt, this.includeReservedScopes);
	}

	@Override
	public String toString() {
		return "LogtoConfig{endpoint=" + this.endpoint + ", appId=" + this.appId + ", appSecret="
				+ (this.appSecret == null ? "null" : "****") + ", scopes=" + this.scopes + ", resources="
				+ this.resources + ", prompt=" + promptValue() + "}";
	}

	/**
	 * Builds a {@link LogtoConfig}. Not thread-safe; {@link #build()} validates and copies.
	 */
	public static final class Builder {

		private @Nullable String endpoint;

		private @Nullable String appId;

		private @Nullable String appSecret;

		private final List<String> scopes = new ArrayList<>();

		private final List<String> resources = new ArrayList<>();

		private List<Prompt> prompt = new ArrayList<>(List.of(Prompt.CONSENT));

		private boolean includeReservedScopes = true;

		private Duration clockTolerance = DEFAULT_CLOCK_TOLERANCE;

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;

		private Duration discoveryTtl = DEFAULT_DISCOVERY_TTL;

		private Duration jwksRefetchInterval = DEFAULT_JWKS_REFETCH_INTERVAL;

		private Duration signInTransactionTtl = DEFAULT_SIGN_IN_TRANSACTION_TTL;

		private Duration refreshSkew = DEFAULT_REFRESH_SKEW;

		private Duration refreshResultRetention = DEFAULT_REFRESH_RESULT_RETENTION;

		private @Nullable Duration revalidateAfter;

		private int pendingMaxSessions = DEFAULT_PENDING_MAX_SESSIONS;

		private int transientRetries = DEFAULT_TRANSIENT_RETRIES;

		private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;

		private Builder() {
		}

		/**
		 * @param endpoint the Logto endpoint, e.g. {@code https://tenant.logto.app} (required, http or https)
		 * @return this builder
		 */
		public Builder endpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
			return this;
		}

		/**
		 * @param appId the application id (required)
		 * @return this builder
		 */
		public Builder appId(@Nullable String appId) {
			this.appId = appId;
			return this;
		}

		/**
		 * @param appSecret the application secret; {@code null} for a public client
		 * @return this builder
		 */
		public Builder appSecret(@Nullable String appSecret) {
			this.appSecret = appSecret;
			return this;
		}

		/**
		 * Replaces the scopes.
		 * @param scopes the scopes to request in addition to the reserved ones
		 * @return this builder
		 */
		public Builder scopes(String... scopes) {
			return scopes(List.of(scopes));
		}

		/**
		 * Replaces the scopes.
		 * @param scopes the scopes to request in addition to the reserved ones
		 * @return this builder
		 */
		public Builder scopes(Collection<String> scopes) {
			this.scopes.clear();
			this.scopes.addAll(scopes);
			return this;
		}

		/**
		 * Replaces the API resources.
		 * @param resources the API resource indicators
		 * @return this builder
		 */
		public Builder resources(String... resources) {
			return resources(List.of(resources));
		}

		/**
		 * Replaces the API resources.
		 * @param resources the API resource indicators
		 * @return this builder
		 */
		public Builder resources(Collection<String> resources) {
			this.resources.clear();
			this.resources.addAll(resources);
			return this;
		}

		/**
		 * @param prompt the prompt values, space-joined on the wire (default {@code consent})
		 * @return this builder
		 */
		public Builder prompt(Prompt... prompt) {
			this.prompt = new ArrayList<>(List.of(prompt));
			return this;
		}

		/**
		 * @param include whether {@code openid offline_access profile} are added (default true)
		 * @return this builder
		 */
		public Builder includeReservedScopes(boolean include) {
			this.includeReservedScopes = include;
			return this;
		}

		/**
		 * @param tolerance tolerance for ID-token time checks (default 60 s)
		 * @return this builder
		 */
		public Builder clockTolerance(Duration tolerance) {
			this.clockTolerance = Objects.requireNonNull(tolerance, "clockTolerance");
			return this;
		}

		/**
		 * @param timeout TCP connect timeout (default 5 s)
		 * @return this builder
		 */
		public Builder connectTimeout(Duration timeout) {
			this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
			return this;
		}

		/**
		 * @param timeout time allowed for a whole response (default 10 s)
		 * @return this builder
		 */
		public Builder responseTimeout(Duration timeout) {
			this.responseTimeout = Objects.requireNonNull(timeout, "responseTimeout");
			return this;
		}

		/**
		 * @param ttl how long discovery is cached (default 1 h)
		 * @return this builder
		 */
		public Builder discoveryTtl(Duration ttl) {
			this.discoveryTtl = Objects.requireNonNull(ttl, "discoveryTtl");
			return this;
		}

		/**
		 * @param interval minimum interval between two JWKS refetches caused by an unknown {@code kid} (default 10 s).
		 * A token whose {@code kid} is not cached (Logto rotated its keys) is never refused because of this limit:
		 * its verification waits at most this long for the next refetch
		 * @return this builder
		 */
		public Builder jwksRefetchInterval(Duration interval) {
			this.jwksRefetchInterval = Objects.requireNonNull(interval, "jwksRefetchInterval");
			return this;
		}

		/**
		 * @param ttl how long a sign-in transaction stays valid (default 10 min)
		 * @return this builder
		 */
		public Builder signInTransactionTtl(Duration ttl) {
			this.signInTransactionTtl = Objects.requireNonNull(ttl, "signInTransactionTtl");
			return this;
		}

		/**
		 * @param skew refresh access tokens this long before they expire (default 60 s, capped at half a token's
		 * lifetime)
		 * @return this builder
		 */
		public Builder refreshSkew(Duration skew) {
			this.refreshSkew = Objects.requireNonNull(skew, "refreshSkew");
			return this;
		}

		/**
		 * @param retention how long a refresh result is kept for late requests (default 30 s)
		 * @return this builder
		 */
		public Builder refreshResultRetention(Duration retention) {
			this.refreshResultRetention = Objects.requireNonNull(retention, "refreshResultRetention");
			return this;
		}

		/**
		 * @param after how long after its ID token was issued a signed-in session is revalidated with Logto: one
		 * refresh (shared by every concurrent request of the session) before the session counts as signed in again;
		 * a grant Logto revoked then ends the session. {@code null} (the default) revalidates when the ID token
		 * expires (Logto's default lifetime is one hour); a shorter duration notices a revoked grant sooner, at the
		 * cost of a token request per session and period
		 * @return this builder
		 */
		public Builder revalidateAfter(@Nullable Duration after) {
			this.revalidateAfter = after;
			return this;
		}

		/**
		 * A refresh inside a streaming response (after the response was committed) cannot reach the cookie, so the
		 * engine keeps the new tokens until the user agent's next request adopts them. This bounds how many sessions it
		 * keeps at once; beyond it the session pinned least recently is dropped first: once the refresh-result retention
		 * has passed, its next request presents the replaced refresh token, Logto refuses it and the user signs in again
		 * ({@link SessionExpiredException}).
		 * @param max the most sessions kept (default 10,000, at least 1)
		 * @return this builder
		 */
		public Builder pendingMaxSessions(int max) {
			this.pendingMaxSessions = max;
			return this;
		}

		/**
		 * @param retries retries of transient token-endpoint failures (default 2)
		 * @return this builder
		 */
		public Builder transientRetries(int retries) {
			this.transientRetries = retries;
			return this;
		}

		/**
		 * @param backoff first backoff between transient retries (default 200 ms)
		 * @return this builder
		 */
		public Builder retryBackoff(Duration backoff) {
			this.retryBackoff = Objects.requireNonNull(backoff, "retryBackoff");
			return this;
		}

		/**
		 * Validates and builds the configuration.
		 * @return the configuration
		 * @throws LogtoConfigurationException naming the field to set when a value is missing or invalid
		 */
		public LogtoConfig build() {
			URI uri = validateEndpoint(this.endpoint);
			if (this.appId == null || this.appId.isBlank()) {
				throw new LogtoConfigurationException("appId", "appId is required: set it to the Logto application's ID");
			}
			if (this.appSecret != null && this.appSecret.isBlank()) {
				throw new LogtoConfigurationException("appSecret",
						"appSecret must not be blank: set the Logto application's secret, or leave it unset for a public client");
			}
			requireNoBlank("scopes", this.scopes);
			requireNoBlank("resources", this.resources);
			requireAbsoluteUris("resources", this.resources);
			if (this.prompt.isEmpty()) {
				throw new LogtoConfigurationException("prompt", "prompt must hold at least one value (default consent)");
			}
			requireNonNegative("clockTolerance", this.clockTolerance);
			requirePositive("connectTimeout", this.connectTimeout);
			requirePositive("responseTimeout", this.responseTimeout);
			requirePositive("discoveryTtl", this.discoveryTtl);
			requireNonNegative("jwksRefetchInterval", this.jwksRefetchInterval);
			requirePositive("signInTransactionTtl", this.signInTransactionTtl);
			requireNonNegative("refreshSkew", this.refreshSkew);
			requireNonNegative("refreshResultRetention", this.refreshResultRetention);
			if (this.revalidateAfter != null) {
				requirePositive("revalidateAfter", this.revalidateAfter);
			}
			requireNonNegative("retryBackoff", this.retryBackoff);
			if (this.pendingMaxSessions < 1) {
				throw new LogtoConfigurationException("pendingMaxSessions",
						"pendingMaxSessions must be at least 1, got " + this.pendingMaxSessions);
			}
			if (this.transientRetries < 0 || this.transientRetries > 10) {
				throw new LogtoConfigurationException("transientRetries", "transientRetries must be between 0 and 10");
			}
			return new LogtoConfig(this, uri);
		}
	}
}
