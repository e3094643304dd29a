package io.github.logtoreactive.test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import reactor.core.publisher.Mono;

import io.github.logtoreactive.test.internal.ConfigFileReader;
import io.github.logtoreactive.test.internal.OidcServer;
import io.github.logtoreactive.test.internal.ServerConfig;

/**
 * An embeddable, Logto-compatible OpenID Connect server for tests and local development.
 *
 * <p>It serves a {@link TestTenant} (users, roles, API resources, organizations, apps) at Logto's endpoints under
 * {@code <baseUrl>/oidc}: discovery, {@code /auth} (with an HTML sign-in page listing the tenant's users, or
 * auto-login), {@code /token} (authorization code with PKCE S256, refresh token with Logto's rotation and 3 s
 * reuse window, client credentials, resource and organization tokens), {@code /me}, {@code /jwks},
 * {@code /token/revocation} and {@code /session/end} with back-channel logout. Errors carry Logto's JSON body
 * ({@code code}, {@code message}, {@code error}, {@code error_description}, ...).
 *
 * <pre>{@code
 * try (LogtoTestServer server = LogtoTestServer.builder()
 *         .tenant(TestTenant.sample())                   // or your own TestTenant.builder()...build()
 *         .autoLogin("user-1")
 *         .build()
 *         .start()) {
 *     String issuer = server.issuer(); // http://127.0.0.1:<port>/oidc
 * }
 * }</pre>
 *
 * <p><strong>Threading.</strong> Requests are handled on Reactor Netty event loops and never block (state is kept
 * in concurrent maps, randomness comes from a generator seeded at {@link Builder#build()}, back-channel logout uses
 * the non-blocking Reactor Netty client). {@link #start()} and {@link #stop()} block the calling thread until the
 * socket is bound or released: call them from a test or main thread, never inside a reactive pipeline. The control
 * methods ({@link #faults()}, {@link #reset()}, {@link #rotateSigningKey()}, ...) are thread-safe and take effect
 * for the next request.
 *
 * <p><strong>Errors.</strong> Misconfiguration fails fast with an {@link IllegalStateException} saying what to
 * configure: a dangling reference in {@link TestTenant.Builder#build()}, an unknown auto-login user in
 * {@link Builder#build()}; a port that cannot be bound fails {@link #start()}.
 */
public final class LogtoTestServer implements AutoCloseable {

	private final ServerConfig config;

	private final OidcServer server;

	private LogtoTestServer(ServerConfig config) {
		this.config = config;
		this.server = new OidcServer(config);
	}

	/** @return a builder with nothing configured, port 0 (a free port), EC P-384 keys and Logto's default TTLs */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builds (does not start) a server from a JSON file; see {@code README.md} of this module for the format.
	 * @param file the JSON file
	 * @return the server, not started
	 * @throws IllegalArgumentException if the file cannot be read or has an unknown shape
	 */
	public static LogtoTestServer fromJson(Path file) {
		return builder().loadJson(file).build();
	}

	/**
	 * Builds (does not start) a server from a YAML file (same shape as JSON); needs {@code org.yaml:snakeyaml}.
	 * @param file the YAML file
	 * @return the server, not started
	 * @throws IllegalArgumentException if the file cannot be read or has an unknown shape
	 * @throws IllegalStateException if snakeyaml is not on the class path
	 */
	public static LogtoTestServer fromYaml(Path file) {
		return builder().loadYaml(file).build();
	}

	/**
	 * Binds the server, blocking the calling thread until the socket is bound.
	 * @return this server, for chaining
	 * @throws IllegalStateException if it is already started
	 */
	public LogtoTestServer start() {
		this.server.start();
		return this;
	}

	/** Stops the server, blocking the calling thread until the socket is released. Safe to call twice. */
	public void stop() {
		this.server.stop();
	}

	/** Same as {@link #stop()}. */
	@Override
	public void close() {
		stop();
	}

	/** @return whether the server is started */
	public boolean isRunning() {
		return this.server.isRunning();
	}

	/** @return the base URL once started, e.g. {@code http://127.0.0.1:54321} */
	public String baseUrl() {
		requireStarted();
		return this.server.baseUrl();
	}

	/** @return the issuer, {@code baseUrl() + "/oidc"}, which is also Logto's endpoint + {@code /oidc} */
	public String issuer() {
		return baseUrl() + "/oidc";
	}

	/** @return the discovery document URL */
	public String discoveryUrl() {
		return issuer() + "/.well-known/openid-configuration";
	}

	private void requireStarted() {
		if (!this.server.isRunning()) {
			throw new IllegalStateException("the server is not started: call start() first");
		}
	}

	/** @return the fault injection controls (thread-safe, effective for the next request) */
	public Faults faults() {
		return this.server.faults();
	}

	/**
	 * @param endpoint the endpoint
	 * @return how many requests it received since start or the last {@link #reset()}
	 */
	public long requestCount(Endpoint endpoint) {
		return this.server.requestCount(Objects.requireNonNull(endpoint, "endpoint"));
	}

	/**
	 * Rotates the signing key like Logto's console: the staged next key (or a new key of the current type)
	 * becomes current, the current key stays published as previous. JWKS order: current, next, previous.
	 */
	public void rotateSigningKey() {
		rotateSigningKey(this.server.currentSigningKeyType());
	}

	/**
	 * Rotates the signing key; a new key (when none is staged) has the given type.
	 * @param type the type of the new key, e.g. to move from EC to RSA
	 */
	public void rotateSigningKey(SigningKeyType type) {
		this.server.rotateSigningKey(Objects.requireNonNull(type, "type"));
	}

	/**
	 * Publishes a "next" key in the JWKS without signing with it yet; the next {@link #rotateSigningKey()} makes it
	 * current.
	 * @param type the key type
	 */
	public void prepareNextSigningKey(SigningKeyType type) {
		this.server.prepareNextSigningKey(Objects.requireNonNull(type, "type"));
	}

	/**
	 * Turns auto-login on for a user (no sign-in page: {@code /oidc/auth} redirects with a code at once).
	 * @param userId a configured user
	 * @throws IllegalArgumentException if no such user is configured
	 */
	public void autoLogin(String userId) {
		this.server.autoLogin(Objects.requireNonNull(userId, "userId"));
	}

	/** Turns auto-login off: {@code /oidc/auth} shows the sign-in page. */
	public void disableAutoLogin() {
		this.server.autoLogin(null);
	}

	/**
	 * Ends every browser session of a user, as if they signed out elsewhere: back-channel logout tokens are
	 * POSTed, grants without {@code offline_access} are revoked.
	 * @param userId the user
	 * @return a lazy {@link Mono} that completes once the logout tokens were delivered (failures are only logged)
	 */
	public Mono<Void> endSessions(String userId) {
		return this.server.endSessions(Objects.requireNonNull(userId, "userId"));
	}

	/**
	 * Restores the state after {@link #start()}: forgets tokens, codes, sessions and interactions, clears faults
	 * and counters, restores the original signing key and the configured auto-login user.
	 */
	public void reset() {
		this.server.reset();
	}

	/** @return the clock the server decides expiry with */
	public Clock clock() {
		return this.config.clock();
	}

	/** @return the tenant the server serves */
	public TestTenant tenant() {
		return this.config.tenant();
	}

	@Override
	public String toString() {
		return "LogtoTestServer{" + (this.server.isRunning() ? this.server.baseUrl() : "not started") + ", "
				+ this.config.tenant() + "}";
	}

	/**
	 * Builds a {@link LogtoTestServer} serving a {@link TestTenant}. Not thread-safe; {@link #build()} checks the
	 * auto-login user and the extended claims and generates the signing key.
	 */
	public static final class Builder {

		private TestTenant tenant = TestTenant.builder().build();
		private Duration accessTokenTtl = Duration.ofHours(1);
		private Duration idTokenTtl = Duration.ofHours(1);
		private Duration refreshTokenTtl = Duration.ofDays(14);
		private RefreshTokenRotation rotation = RefreshTokenRotation.AFTER_70_PERCENT;
		private SigningKeyType signingKeyType = SigningKeyType.EC_P384;
		private Set<String> idTokenExtendedClaims = ServerConfig.DEFAULT_ID_TOKEN_EXTENDED_CLAIMS;
		private String autoLoginUserId;
		private Clock clock = Clock.systemUTC();
		private String host = "127.0.0.1";
		private int port;

		private Builder() {
		}

		/**
		 * @param tenant the users, roles, API resources, organizations and apps to serve (default: an empty tenant)
		 * @return this builder
		 */
		public Builder tenant(TestTenant tenant) {
			this.tenant = Objects.requireNonNull(tenant, "tenant");
			return this;
		}

		/**
		 * @param ttl lifetime of opaque (userinfo) and organization access tokens, and of resource tokens whose
		 * resource sets none (default 1 hour)
		 * @return this builder
		 */
		public Builder accessTokenTtl(Duration ttl) {
			this.accessTokenTtl = positive(ttl, "accessTokenTtl");
			return this;
		}

		/**
		 * @param ttl lifetime of ID tokens (default 1 hour)
		 * @return this builder
		 */
		public Builder idTokenTtl(Duration ttl) {
			this.idTokenTtl = positive(ttl, "idTokenTtl");
			return this;
		}

		/**
		 * @param ttl lifetime of refresh tokens (default 14 days, capped by the 180-day grant)
		 * @return this builder
		 */
		public Builder refreshTokenTtl(Duration ttl) {
			this.refreshTokenTtl = positive(ttl, "refreshTokenTtl");
			return this;
		}

		private static Duration positive(Duration ttl, String name) {
			Objects.requireNonNull(ttl, name);
			if (ttl.isNegative() || ttl.isZero() || ttl.getSeconds() < 1) {
				throw new IllegalArgumentException(name + " must be at least one second");
			}
			return ttl;
		}

		/**
		 * @param rotation the refresh token rotation policy (default {@link RefreshTokenRotation#AFTER_70_PERCENT})
		 * @return this builder
		 */
		public Builder refreshTokenRotation(RefreshTokenRotation rotation) {
			this.rotation = Objects.requireNonNull(rotation, "rotation");
			return this;
		}

		/**
		 * @param type the signing key type (default {@link SigningKeyType#EC_P384})
		 * @return this builder
		 */
		public Builder signingKey(SigningKeyType type) {
			this.signingKeyType = Objects.requireNonNull(type, "type");
			return this;
		}

		/**
		 * Chooses which extended claims go into ID tokens (Logto's ID token config); userinfo always has all.
		 * @param claims some of {@code custom_data, identities, sso_identities, roles, organizations,
		 * organization_data, organization_roles}; default {@code roles, organizations, organization_roles}
		 * @return this builder
		 */
		public Builder idTokenExtendedClaims(String... claims) {
			this.idTokenExtendedClaims = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(claims)));
			return this;
		}

		/**
		 * Signs this user in without showing the sign-in page: {@code /oidc/auth} answers with a code at once.
		 * @param userId a configured user, or {@code null} for the page
		 * @return this builder
		 */
		public Builder autoLogin(String userId) {
			this.autoLoginUserId = userId;
			return this;
		}

		/**
		 * @param clock the clock for timestamps and expiry, e.g. a {@link MutableClock} (default system UTC)
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * @param host the interface to bind and to use in {@link #baseUrl()} (default {@code 127.0.0.1})
		 * @return this builder
		 */
		public Builder host(String host) {
			this.host = Names.requireText(host, "host");
			return this;
		}

		/**
		 * @param port the port, 0 (default) for a free one
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("port must be between 0 and 65535");
			}
			this.port = port;
			return this;
		}

		/**
		 * Takes the tenant and the settings a JSON configuration file describes (format in this module's
		 * {@code README.md}); the file's tenant replaces the one set with {@link #tenant(TestTenant)}.
		 * @param file the file
		 * @return this builder
		 * @throws IllegalArgumentException if the file cannot be read or has an unknown shape
		 */
		public Builder loadJson(Path file) {
			ConfigFileReader.applyJson(file, this);
			return this;
		}

		/**
		 * Takes the tenant and the settings a YAML configuration file describes (same shape as JSON); needs
		 * {@code org.yaml:snakeyaml} on the class path.
		 * @param file the file
		 * @return this builder
		 * @throws IllegalArgumentException if the file cannot be read or has an unknown shape
		 * @throws IllegalStateException if snakeyaml is missing
		 */
		public Builder loadYaml(Path file) {
			ConfigFileReader.applyYaml(file, this);
			return this;
		}

		/**
		 * Validates the configuration and prepares the server (signing key, random generator); does not bind.
		 * @return the server, not started
		 * @throws IllegalStateException naming what to configure when the auto-login user is not in the tenant or an
		 * extended claim is unknown
		 */
		public LogtoTestServer build() {
			ServerConfig config = new ServerConfig(this.host, this.port, this.tenant, this.accessTokenTtl,
					this.idTokenTtl, this.refreshTokenTtl, this.rotation, this.signingKeyType, this.autoLoginUserId,
					this.clock, this.idTokenExtendedClaims);
			return new LogtoTestServer(config);
		}
	}
}
