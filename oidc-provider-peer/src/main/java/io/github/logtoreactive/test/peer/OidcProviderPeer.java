package io.github.logtoreactive.test.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.SigningKeyType;
import io.github.logtoreactive.test.TestApiResource;
import io.github.logtoreactive.test.TestM2mApp;
import io.github.logtoreactive.test.TestOrganization;
import io.github.logtoreactive.test.TestOrganizationRole;
import io.github.logtoreactive.test.TestRole;
import io.github.logtoreactive.test.TestUser;
import io.github.logtoreactive.test.TestWebApp;

/**
 * The real {@code oidc-provider} 9.13.3 (the engine of Logto's server) configured like Logto, run as a Node.js
 * child process: an identity provider independent of {@link io.github.logtoreactive.test.LogtoTestServer} to run
 * the same flows against.
 *
 * <pre>{@code
 * try (OidcProviderPeer peer = OidcProviderPeer.builder()
 *         .webApp("test-app", "test-secret", "http://localhost:8080/logto/callback")
 *         .postLogoutRedirectUris("http://localhost:8080/")
 *         .apiResource(TestApiResource.builder("https://api.example.com").scopes("read", "write").build())
 *         .role(TestRole.builder("admin").scope("https://api.example.com", "read", "write").build())
 *         .user(TestUser.builder("user-1").username("alice").roles("admin").build())
 *         .organization(TestOrganization.builder("org-1").member("user-1").build())
 *         .autoLogin("user-1")
 *         .build()
 *         .start()) {
 *     String issuer = peer.issuer();          // http://127.0.0.1:<port>/oidc
 * }
 * }</pre>
 *
 * <p>The tenant model is the one of {@code LogtoTestServer} ({@link TestUser}, {@link TestApiResource},
 * {@link TestRole}, {@link TestOrganization}, ...), so one configuration can drive both servers.
 *
 * <p><strong>Node project.</strong> The peer runs {@code logto-like-provider.mjs} from
 * {@code oidc-provider-peer/src/main/node}, found through the system property {@code logto.peer.dir}, the
 * environment variable {@code LOGTO_PEER_DIR}, {@link Builder#projectDirectory(Path)}, or by walking up from
 * {@code user.dir}. Its dependencies must be installed ({@code npm ci} there; {@code bin/test} does it). The
 * {@code node} executable is {@code node} on the {@code PATH}, or {@code logto.peer.node} / {@code LOGTO_PEER_NODE}.
 *
 * <p><strong>Threading.</strong> {@link #start()}, {@link #stop()}, {@link #advanceClock(Duration)},
 * {@link #reset()} and {@link #autoLogin(String)} are blocking process management and HTTP calls: call them from
 * the test's main thread only, never from a Reactor thread or a reactive pipeline. The peer itself runs in its own
 * process, so the HTTP calls of the code under test never block on it.
 */
public final class OidcProviderPeer implements AutoCloseable {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private static final int DIAGNOSTIC_LINES = 40;

	private final PeerConfiguration configuration;

	private final Path explicitDirectory;

	private final int requestedPort;

	private final Duration startupTimeout;

	private Process process;

	private Path configFile;

	private Path logFile;

	private Thread shutdownHook;

	private int port;

	private final Deque<String> output = new ArrayDeque<>();

	private HttpClient controlClient;

	private OidcProviderPeer(PeerConfiguration configuration, Path explicitDirectory, int requestedPort,
			Duration startupTimeout) {
		this.configuration = configuration;
		this.explicitDirectory = explicitDirectory;
		this.requestedPort = requestedPort;
		this.startupTimeout = startupTimeout;
	}

	/** @return a new builder with Logto's defaults: 70% rotation, 3 s reuse window, ES384, 1 h/1 h/14 d TTLs */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts {@code node logto-like-provider.mjs} and waits until it prints {@code READY <port>}. Blocking: call
	 * from the test's main thread.
	 * @return this peer, running
	 * @throws IllegalStateException if the node project is not installed, node cannot run, or the peer does not
	 * become ready within the startup timeout (the message has the peer's last output lines)
	 */
	public synchronized OidcProviderPeer start() {
		if (this.process != null) {
			throw new IllegalStateException("the peer is already running on port " + this.port);
		}
		Path directory = NodeProject.locate(this.explicitDirectory);
		try {
			this.configFile = Files.createTempFile("logto-peer-", ".json");
			Files.writeString(this.configFile, this.configuration.toJson(), StandardCharsets.UTF_8);
			this.logFile = Files.createTempFile("logto-peer-", ".log");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the peer configuration", ex);
		}
		ProcessBuilder command = new ProcessBuilder(NodeProject.nodeExecutable(), NodeProject.SCRIPT, "--port",
				Integer.toString(this.requestedPort), "--config", this.configFile.toString())
			.directory(directory.toFile())
			.redirectError(this.logFile.toFile());
		try {
			this.process = command.start();
		}
		catch (IOException ex) {
			deleteFiles();
			throw new IllegalStateException("cannot run `" + NodeProject.nodeExecutable()
					+ "` (set -D" + NodeProject.NODE_PROPERTY + " or " + NodeProject.NODE_ENV + "): " + ex.getMessage(),
					ex);
		}
		this.shutdownHook = new Thread(this.process::destroyForcibly, "logto-peer-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		CompletableFuture<Integer> ready = new CompletableFuture<>();
		Process started = this.process;
		Thread reader = new Thread(() -> readOutput(started, ready), "logto-peer-output");
		reader.setDaemon(true);
		reader.start();
		try {
			this.port = ready.get(this.startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stop();
			throw new IllegalStateException("interrupted while starting the peer", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			String diagnostics = diagnostics();
			stop();
			throw new IllegalStateException("the oidc-provider peer did not start within " + this.startupTimeout
					+ ":\n" + diagnostics, ex);
		}
		this.controlClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		return this;
	}

	private void readOutput(Process started, CompletableFuture<Integer> ready) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (!ready.isDone() && line.startsWith("READY ")) {
					ready.complete(Integer.parseInt(line.substring("READY ".length()).trim()));
				}
				else {
					remember(line);
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			ready.completeExceptionally(ex);
		}
		ready.completeExceptionally(new IllegalStateException("the peer process ended"));
	}

	private void remember(String line) {
		synchronized (this.output) {
			if (this.output.size() == DIAGNOSTIC_LINES) {
				this.output.removeFirst();
			}
			this.output.addLast(line);
		}
	}

	private String diagnostics() {
		List<String> lines = new ArrayList<>();
		synchronized (this.output) {
			lines.addAll(this.output);
		}
		try {
			if (this.logFile != null && Files.exists(this.logFile)) {
				List<String> errors = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
				lines.addAll(errors.subList(Math.max(0, errors.size() - DIAGNOSTIC_LINES), errors.size()));
			}
		}
		catch (IOException ex) {
			lines.add("(cannot read " + this.logFile + ": " + ex.getMessage() + ")");
		}
		return String.join("\n", lines);
	}

	/**
	 * Stops the peer: SIGTERM, then a forced kill after 5 seconds; waits for the process to end. Blocking: call
	 * from the test's main thread. Does nothing when not running.
	 */
	public synchronized void stop() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		this.process = null;
		this.controlClient = null;
		running.destroy();
		try {
			if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				running.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			running.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs anyway and the process is already gone
		}
		deleteFiles();
	}

	private void deleteFiles() {
		for (Path file : new Path[] { this.configFile, this.logFile }) {
			try {
				if (file != null) {
					Files.deleteIfExists(file);
				}
			}
			catch (IOException ex) {
				file.toFile().deleteOnExit();
			}
		}
		this.configFile = null;
		this.logFile = null;
	}

	/** Same as {@link #stop()}. */
	@Override
	public void close() {
		stop();
	}

	/** @return whether the peer process is alive */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/** @return the port the peer listens on, on {@code 127.0.0.1} */
	public synchronized int port() {
		requireRunning();
		return this.port;
	}

	/** @return {@code http://127.0.0.1:<port>}, the Logto endpoint to configure in a client */
	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	/** @return the issuer, {@code <baseUrl>/oidc} */
	public String issuer() {
		return baseUrl() + "/oidc";
	}

	/** @return {@code <issuer>/.well-known/openid-configuration} */
	public String discoveryUrl() {
		return issuer() + "/.well-known/openid-configuration";
	}

	/**
	 * Moves the peer's clock forward: token expiry, the 70% rotation threshold and the refresh-token reuse window
	 * all follow it. Blocking: call from the test's main thread.
	 * @param amount how far, whole milliseconds
	 */
	public void advanceClock(Duration amount) {
		Objects.requireNonNull(amount, "amount");
		if (amount.isNegative()) {
			throw new IllegalArgumentException("the clock only moves forward");
		}
		control("/__peer/clock?advance=" + (amount.toMillis() / 1000.0));
	}

	/**
	 * Forgets every token, grant, session and interaction, puts the clock back to real time and restores the
	 * configured auto-login user. Blocking: call from the test's main thread.
	 */
	public void reset() {
		control("/__peer/reset");
	}

	/**
	 * Changes the auto-login user. Blocking: call from the test's main thread.
	 * @param userId a configured user, or {@code null} to show the sign-in page (buttons {@code id="user-<id>"})
	 */
	public void autoLogin(String userId) {
		control("/__peer/auto-login" + ((userId != null) ? "?user=" + URLEncoder.encode(userId, StandardCharsets.UTF_8) : ""));
	}

	private void control(String pathAndQuery) {
		HttpClient client;
		synchronized (this) {
			requireRunning();
			client = this.controlClient;
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
			.timeout(Duration.ofSeconds(5))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalArgumentException("peer control " + pathAndQuery + " failed: " + response.body());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("peer control " + pathAndQuery + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private void requireRunning() {
		if (this.process == null) {
			throw new IllegalStateException("the oidc-provider peer is not running: call start()");
		}
	}

	@Override
	public String toString() {
		return "OidcProviderPeer{" + ((this.process != null) ? "port=" + this.port : "stopped") + "}";
	}

	/** Builds an {@link OidcProviderPeer}. Not thread-safe. */
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
		private Duration reuseWindow = Duration.ofSeconds(3);
		private SigningKeyType signingKeyType = SigningKeyType.EC_P384;
		private Set<String> idTokenExtendedClaims = Set.of("roles", "organizations", "organization_roles");
		private String autoLoginUserId;
		private Path projectDirectory;
		private int port;
		private Duration startupTimeout = Duration.ofSeconds(30);

		private Builder() {
		}

		/**
		 * Registers a confidential web app ({@code client_secret_basic}; {@code client_secret_post} works too);
		 * {@link #postLogoutRedirectUris(String...)} then applies to it.
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
		 * @param app a fully configured web app
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
			if (this.lastWebApp == null) {
				throw new IllegalStateException("call webApp(clientId, secret, redirectUris...) before "
						+ "postLogoutRedirectUris(..), or configure a TestWebApp");
			}
			this.lastWebApp.postLogoutRedirectUris(uris);
			return this;
		}

		/**
		 * Registers a machine-to-machine app ({@code client_credentials}).
		 * @param clientId the client id
		 * @param secret the client secret
		 * @param roleNames global roles giving it API resource scopes
		 * @return this builder
		 */
		public Builder m2mApp(String clientId, String secret, String... roleNames) {
			TestM2mApp app = TestM2mApp.builder(clientId, secret).roles(roleNames).build();
			putUnique(this.m2mApps, app.id(), app, "M2M app");
			return this;
		}

		/**
		 * @param user a user (the peer uses id, username, name, email, phone, picture, profile, custom data,
		 * identities, roles, timestamps and the suspended flag; passwords are not used)
		 * @return this builder
		 */
		public Builder user(TestUser user) {
			putUnique(this.users, Objects.requireNonNull(user, "user").id(), user, "user");
			return this;
		}

		/**
		 * @param resource an API resource; its tokens are JWTs with {@code aud} = the indicator
		 * @return this builder
		 */
		public Builder apiResource(TestApiResource resource) {
			putUnique(this.resources, Objects.requireNonNull(resource, "resource").indicator(), resource,
					"API resource");
			return this;
		}

		/**
		 * @param role a global role; users and M2M apps get API resource scopes only through roles, as in Logto
		 * @return this builder
		 */
		public Builder role(TestRole role) {
			putUnique(this.roles, Objects.requireNonNull(role, "role").name(), role, "role");
			return this;
		}

		/**
		 * @param organization an organization with its members
		 * @return this builder
		 */
		public Builder organization(TestOrganization organization) {
			putUnique(this.organizations, Objects.requireNonNull(organization, "organization").id(), organization,
					"organization");
			return this;
		}

		/**
		 * @param role an organization role (organization scopes, and API resource scopes for
		 * organization-level API tokens)
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
		 * @param ttl lifetime of opaque access tokens and of resource tokens whose resource sets none (default 1 h)
		 * @return this builder
		 */
		public Builder accessTokenTtl(Duration ttl) {
			this.accessTokenTtl = wholeSeconds(ttl, "accessTokenTtl");
			return this;
		}

		/**
		 * @param ttl lifetime of ID tokens (default 1 h)
		 * @return this builder
		 */
		public Builder idTokenTtl(Duration ttl) {
			this.idTokenTtl = wholeSeconds(ttl, "idTokenTtl");
			return this;
		}

		/**
		 * @param ttl lifetime of refresh tokens (default 14 days; the 180-day grant caps it)
		 * @return this builder
		 */
		public Builder refreshTokenTtl(Duration ttl) {
			this.refreshTokenTtl = wholeSeconds(ttl, "refreshTokenTtl");
			return this;
		}

		private static Duration wholeSeconds(Duration ttl, String name) {
			Objects.requireNonNull(ttl, name);
			if (ttl.getSeconds() < 1) {
				throw new IllegalArgumentException(name + " must be at least one second");
			}
			return ttl;
		}

		/**
		 * @param rotation when a refresh token is replaced (default {@link RefreshTokenRotation#AFTER_70_PERCENT},
		 * Logto's policy for confidential clients)
		 * @return this builder
		 */
		public Builder refreshTokenRotation(RefreshTokenRotation rotation) {
			this.rotation = Objects.requireNonNull(rotation, "rotation");
			return this;
		}

		/**
		 * @param window how long a rotated refresh token stays usable after its last use (Logto: 3 seconds,
		 * hard-coded); {@link Duration#ZERO} gives upstream oidc-provider's behaviour (any reuse revokes the grant)
		 * @return this builder
		 */
		public Builder refreshTokenReuseWindow(Duration window) {
			Objects.requireNonNull(window, "window");
			if (window.isNegative()) {
				throw new IllegalArgumentException("window must not be negative");
			}
			this.reuseWindow = window;
			return this;
		}

		/**
		 * @param type the signing key, generated at start (default {@link SigningKeyType#EC_P384}, Logto's default)
		 * @return this builder
		 */
		public Builder signingKey(SigningKeyType type) {
			this.signingKeyType = Objects.requireNonNull(type, "type");
			return this;
		}

		/**
		 * @param claims the extended claims that go into ID tokens (userinfo always has all); default
		 * {@code roles, organizations, organization_roles}
		 * @return this builder
		 */
		public Builder idTokenExtendedClaims(String... claims) {
			this.idTokenExtendedClaims = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(claims)));
			return this;
		}

		/**
		 * Signs this user in (and grants consent) without the sign-in page.
		 * @param userId a configured user, or {@code null} for the page
		 * @return this builder
		 */
		public Builder autoLogin(String userId) {
			this.autoLoginUserId = userId;
			return this;
		}

		/**
		 * @param directory the npm project holding {@code logto-like-provider.mjs} (default: see the class docs)
		 * @return this builder
		 */
		public Builder projectDirectory(Path directory) {
			this.projectDirectory = directory;
			return this;
		}

		/**
		 * @param port the port on {@code 127.0.0.1}, 0 (default) for a free one chosen by the peer
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
		 * @param timeout how long {@link OidcProviderPeer#start()} waits for {@code READY} (default 30 s)
		 * @return this builder
		 */
		public Builder startupTimeout(Duration timeout) {
			this.startupTimeout = wholeSeconds(timeout, "startupTimeout");
			return this;
		}

		/**
		 * Adds the sample tenant of {@code LogtoTestServer.Builder.sampleData()}: web app
		 * {@code test-app}/{@code test-secret} (redirect {@code http://localhost:8080/logto/callback}, post-logout
		 * {@code http://localhost:8080/}), users {@code user-1} (alice, admin) and {@code user-2} (bob, viewer),
		 * API resource {@code https://api.example.com} (read, write), organizations {@code org-1} (Acme: user-1
		 * org-admin, user-2 org-member) and {@code org-2} (Globex: user-1 org-member), M2M app
		 * {@code m2m-app}/{@code m2m-secret} (admin).
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
					.roles("admin").build())
				.user(TestUser.builder("user-2").username("bob").name("Bob Example").email("bob@example.com")
					.roles("viewer").build())
				.organization(TestOrganization.builder("org-1").name("Acme").description("Acme Corporation")
					.member("user-1", "org-admin").member("user-2", "org-member").application("m2m-app", "org-admin")
					.build())
				.organization(TestOrganization.builder("org-2").name("Globex").member("user-1", "org-member").build())
				.m2mApp("m2m-app", "m2m-secret", "admin");
		}

		/**
		 * Validates the configuration; does not start anything.
		 * @return the peer, not started
		 * @throws IllegalStateException when no web app is configured or a reference is dangling
		 */
		public OidcProviderPeer build() {
			if (this.webApps.isEmpty()) {
				throw new IllegalStateException("configure at least one web app: webApp(clientId, secret, redirectUris...)");
			}
			if (this.autoLoginUserId != null && !this.users.containsKey(this.autoLoginUserId)) {
				throw new IllegalStateException("autoLogin user '" + this.autoLoginUserId + "' is not configured");
			}
			for (TestUser user : this.users.values()) {
				requireKnown(user.roles(), this.roles.keySet(), "role", "user " + user.id());
			}
			for (TestM2mApp app : this.m2mApps.values()) {
				requireKnown(app.roles(), this.roles.keySet(), "role", "M2M app " + app.id());
			}
			for (TestOrganization organization : this.organizations.values()) {
				organization.members().forEach((userId, names) -> {
					requireKnown(List.of(userId), this.users.keySet(), "user", "organization " + organization.id());
					requireKnown(names, this.organizationRoles.keySet(), "organization role",
							"organization " + organization.id());
				});
			}
			List<TestWebApp> apps = new ArrayList<>();
			this.webApps.values().forEach((app) -> apps.add(app.get()));
			PeerConfiguration configuration = new PeerConfiguration(List.copyOf(apps),
					List.copyOf(this.m2mApps.values()), List.copyOf(this.users.values()),
					List.copyOf(this.resources.values()), List.copyOf(this.roles.values()),
					List.copyOf(this.organizationRoles.values()), List.copyOf(this.organizations.values()),
					this.accessTokenTtl, this.idTokenTtl, this.refreshTokenTtl, this.rotation, this.reuseWindow,
					this.signingKeyType, this.idTokenExtendedClaims, this.autoLoginUserId);
			return new OidcProviderPeer(configuration, this.projectDirectory, this.port, this.startupTimeout);
		}

		private static void requireKnown(List<String> names, Set<String> known, String what, String owner) {
			for (String name : names) {
				if (!known.contains(name)) {
					throw new IllegalStateException(owner + " refers to unknown " + what + " '" + name + "'");
				}
			}
		}
	}
}
