package io.github.logtoreactive.test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import io.github.logtoreactive.test.internal.ConfigFileReader;
import io.github.logtoreactive.test.internal.OidcServer;
import io.github.logtoreactive.test.internal.ServerConfig;

/**
 * An embeddable, Logto-compatible OpenID Connect server for tests and local development.
 *
 * <p>It serves Logto's endpoints under {@code <baseUrl>/oidc}: discovery, {@code /auth} (with an HTML sign-in
 * page listing the configured users, or auto-login), {@code /token} (authorization code with PKCE S256, refresh
 * token with Logto's rotation and 3 s reuse window, client credentials, resource and organization tokens),
 * {@code /me}, {@code /jwks}, {@code /token/revocation} and {@code /session/end} with back-channel logout. Errors
 * carry Logto's JSON body ({@code code}, {@code message}, {@code error}, {@code error_description}, ...).
 *
 * <pre>{@code
 * try (LogtoTestServer server = LogtoTestServer.builder()
 *         .webApp("test-app", "test-secret", "http://localhost:8080/logto/callback")
 *         .user(TestUser.builder("user-1").username("alice").name("Alice").build())
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
 * <p><strong>Errors.</strong> Misconfiguration fails fast in {@link Builder#build()} with an
 * {@link IllegalStateException} saying what to configure; a port that cannot be bound fails {@link #start()}.
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

	/** @return the configured web apps by client id */
	public Map<String, TestWebApp> webApps() {
		return this.config.webApps();
	}

	/** @return the configured machine-to-machine apps by client id */
	public Map<String, TestM2mApp> m2mApps() {
		return this.config.m2mApps();
	}

	/** @return the configured users by id */
	public Map<String, TestUser> users() {
		return this.config.users();
	}

	@Override
	public String toString() {
		return "LogtoTestServer{" + (this.server.isRunning() ? this.server.baseUrl() : "not started") + ", webApps="
				+ this.config.webApps().keySet() + ", users=" + this.config.users().keySet() + "}";
	}

	/**
	 * Builds a {@link LogtoTestServer}. Not thread-safe; {@link #build()} validates every reference (roles,
	 * resources, scopes, organization members) and generates the signing key.
	 */
	public static final class Builder {

		private final Map<String, Supplier<TestWebApp>> webApps = new LinkedHashMap<>();
		private TestWebApp.Builder lastWebApp;
		private final Map<String, TestM2mApp> m2mApps = new LinkedHashMap<>();
		private final Map<String, TestUser> users = new LinkedHashMap<>();
		private final Map<String, TestApiResource> resources = new LinkedHashMap<>();
		private final Map<String, TestRole> roles = new LinkedHashMap<>();
		private final Map<String, TestOrganization> organizations = new LinkedHashMap<>();
		private final Map<String, TestOrganizationRole> organizationRoles = new LinkedHashMap<>();
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
		 * Registers a confidential web app; {@link #postLogoutRedirectUris(String...)} and
		 * {@link #backchannelLogoutUri(String)} then apply to it.
		 * @param clientId the client id
		 * @param secret the client secret
		 * @param redirectUris the registered redirect URIs, at least one
		 * @return this builder
		 */
		public Builder webApp(String clientId, String secret, String... redirectUris) {
			TestWebApp.Builder app = TestWebApp.builder(clientId, secret).redirectUris(redirectUris);
			putUnique(this.webApps, clientId, app::build, "web app");
			this.lastWebApp = app;
			return this;
		}

		/**
		 * Registers a fully configured web app.
		 * @param app the app
		 * @return this builder
		 */
		public Builder webApp(TestWebApp app) {
			Objects.requireNonNull(app, "app");
			putUnique(this.webApps, app.id(), () -> app, "web app");
			this.lastWebApp = null;
			return this;
		}

		/**
		 * Registers post-logout redirect URIs of the web app added last with {@link #webApp(String, String, String...)}.
		 * @param uris absolute URIs
		 * @return this builder
		 */
		public Builder postLogoutRedirectUris(String... uris) {
			lastWebApp("postLogoutRedirectUris").postLogoutRedirectUris(uris);
			return this;
		}

		/**
		 * Sets the back-channel logout URI of the web app added last with {@link #webApp(String, String, String...)}.
		 * @param uri an absolute URI
		 * @return this builder
		 */
		public Builder backchannelLogoutUri(String uri) {
			lastWebApp("backchannelLogoutUri").backchannelLogoutUri(uri);
			return this;
		}

		private TestWebApp.Builder lastWebApp(String method) {
			if (this.lastWebApp == null) {
				throw new IllegalStateException("call webApp(clientId, secret, redirectUris...) before " + method
						+ "(..), or configure a TestWebApp with TestWebApp.builder(..)");
			}
			return this.lastWebApp;
		}

		/**
		 * Registers a machine-to-machine app.
		 * @param clientId the client id
		 * @param secret the client secret
		 * @param roleNames global roles giving it API resource scopes
		 * @return this builder
		 */
		public Builder m2mApp(String clientId, String secret, String... roleNames) {
			return m2mApp(TestM2mApp.builder(clientId, secret).roles(roleNames).build());
		}

		/**
		 * Registers a machine-to-machine app.
		 * @param app the app
		 * @return this builder
		 */
		public Builder m2mApp(TestM2mApp app) {
			Objects.requireNonNull(app, "app");
			putUnique(this.m2mApps, app.id(), app, "M2M app");
			return this;
		}

		/**
		 * @param user a user
		 * @return this builder
		 */
		public Builder user(TestUser user) {
			putUnique(this.users, Objects.requireNonNull(user, "user").id(), user, "user");
			return this;
		}

		/**
		 * @param resource an API resource
		 * @return this builder
		 */
		public Builder apiResource(TestApiResource resource) {
			putUnique(this.resources, Objects.requireNonNull(resource, "resource").indicator(), resource,
					"API resource");
			return this;
		}

		/**
		 * @param role a global role
		 * @return this builder
		 */
		public Builder role(TestRole role) {
			putUnique(this.roles, Objects.requireNonNull(role, "role").name(), role, "role");
			return this;
		}

		/**
		 * @param organization an organization
		 * @return this builder
		 */
		public Builder organization(TestOrganization organization) {
			putUnique(this.organizations, Objects.requireNonNull(organization, "organization").id(), organization,
					"organization");
			return this;
		}

		/**
		 * @param role an organization role
		 * @return this builder
		 */
		public Builder organizationRole(TestOrganizationRole role) {
			putUnique(this.organizationRoles, Objects.requireNonNull(role, "role").name(), role,
					"organization role");
			return this;
		}

		private static <T> void putUnique(Map<String, T> map, String key, T value, String what) {
			if (map.putIfAbsent(key, value) != null) {
				throw new IllegalStateException("duplicate " + what + " '" + key + "'");
			}
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
		 * Adds the sample tenant the JUnit extension and the example app use by default: web app
		 * {@code test-app}/{@code test-secret} (redirect {@code http://localhost:8080/logto/callback}, post-logout
		 * {@code http://localhost:8080/}), users {@code user-1} (alice, admin) and {@code user-2} (bob, viewer), API
		 * resource {@code https://api.example.com} (read, write), organizations {@code org-1} (Acme) and
		 * {@code org-2} (Globex), and M2M app {@code m2m-app}/{@code m2m-secret}. Passwords are
		 * {@code alice-password} and {@code bob-password}.
		 * @return this builder
		 */
		public Builder sampleData() {
			String api = "https://api.example.com";
			return webApp("test-app", "test-secret", "http://localhost:8080/logto/callback")
				.postLogoutRedirectUris("http://localhost:8080/")
				.apiResource(TestApiResource.builder(api).name("Example API").scopes("read", "write").build())
				.role(TestRole.builder("admin").description("Reads and writes").scope(api, "read", "write").build())
				.role(TestRole.builder("viewer").description("Reads").scope(api, "read").build())
				.organizationRole(TestOrganizationRole.builder("org-admin")
					.organizationScopes("read:members", "invite:members")
					.resourceScope(api, "read", "write")
					.build())
				.organizationRole(TestOrganizationRole.builder("org-member")
					.organizationScopes("read:members")
					.resourceScope(api, "read")
					.build())
				.user(TestUser.builder("user-1").username("alice").name("Alice Example").email("alice@example.com")
					.password("alice-password").roles("admin").build())
				.user(TestUser.builder("user-2").username("bob").name("Bob Example").email("bob@example.com")
					.password("bob-password").roles("viewer").build())
				.organization(TestOrganization.builder("org-1").name("Acme").description("Acme Corporation")
					.member("user-1", "org-admin").member("user-2", "org-member").application("m2m-app", "org-admin")
					.build())
				.organization(TestOrganization.builder("org-2").name("Globex").member("user-1", "org-member").build())
				.m2mApp("m2m-app", "m2m-secret", "admin");
		}

		/**
		 * Adds everything a JSON configuration file describes (format in this module's {@code README.md}).
		 * @param file the file
		 * @return this builder
		 * @throws IllegalArgumentException if the file cannot be read or has an unknown shape
		 */
		public Builder loadJson(Path file) {
			ConfigFileReader.applyJson(file, this);
			return this;
		}

		/**
		 * Adds everything a YAML configuration file describes; needs {@code org.yaml:snakeyaml} on the class path.
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
		 * @throws IllegalStateException naming what to configure when a reference is dangling
		 */
		public LogtoTestServer build() {
			Map<String, TestWebApp> apps = new LinkedHashMap<>();
			this.webApps.forEach((id, app) -> apps.put(id, app.get()));
			ServerConfig config = new ServerConfig(this.host, this.port, Collections.unmodifiableMap(apps),
					copy(this.m2mApps), copy(this.users), copy(this.resources), copy(this.roles),
					copy(this.organizations), copy(this.organizationRoles), this.accessTokenTtl, this.idTokenTtl,
					this.refreshTokenTtl, this.rotation, this.signingKeyType, this.autoLoginUserId, this.clock,
					this.idTokenExtendedClaims);
			return new LogtoTestServer(config);
		}

		private static <T> Map<String, T> copy(Map<String, T> map) {
			return Collections.unmodifiableMap(new LinkedHashMap<>(map));
		}
	}
}
