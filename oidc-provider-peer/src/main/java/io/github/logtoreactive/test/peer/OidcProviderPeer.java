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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.SigningKeyType;
import io.github.logtoreactive.test.TestTenant;

/**
 * The real {@code oidc-provider} 9.13.3 (the engine of Logto's server) configured like Logto, run as a Node.js
 * child process: an identity provider independent of {@link io.github.logtoreactive.test.LogtoTestServer} to run
 * the same flows against.
 *
 * <pre>{@code
 * try (OidcProviderPeer peer = OidcProviderPeer.builder()
 *         .tenant(TestTenant.sample())            // the same value a LogtoTestServer takes
 *         .autoLogin("user-1")
 *         .build()
 *         .start()) {
 *     String issuer = peer.issuer();          // http://127.0.0.1:<port>/oidc
 * }
 * }</pre>
 *
 * <p>It serves a {@link TestTenant}, the description {@code LogtoTestServer} serves too, so one tenant drives both
 * servers. Of its users the peer uses id, username, name, email, phone, picture, profile, custom data,
 * identities, roles, timestamps and the suspended flag (not passwords); web apps authenticate with
 * {@code client_secret_basic} or {@code client_secret_post}, M2M apps use {@code client_credentials}, and API
 * resource tokens are JWTs with {@code aud} = the indicator.
 *
 * <p><strong>Node project.</strong> The peer runs {@code logto-like-provider.mjs} from
 * {@code oidc-provider-peer/src/main/node}, found through the system property {@code logto.peer.dir}, the
 * environment variable {@code LOGTO_PEER_DIR}, {@link Builder#projectDirectory(Path)}, or by walking up from
 * {@code user.dir}. Its dependencies must be installed ({@code npm ci} there; {@code bin/test} does it). The
 * {@code node} executable is {@code node} on the {@code PATH}, or {@code logto.peer.node} / {@code LOGTO_PEER_NODE}.
 *
 * <p><strong>Threading.</strong> {@link #start()}, {@link #stop()}, {@link #advanceClock(Duration)},
 * {@link #reset()}, {@link #autoLogin(String)} and {@link #rotateSigningKey()} are blocking process management and
 * HTTP calls: call them from the test's main thread only, never from a Reactor thread or a reactive pipeline. The
 * peer itself runs in its own process, so the HTTP calls of the code under test never block on it.
 */
public final class OidcProviderPeer implements AutoCloseable {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	/** The control requests (clock, keys, ...): not what tests measure, so generous for a loaded CI machine. */
	private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);

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
		this.controlClient = HttpClient.newBuilder().connectTimeout(CONTROL_TIMEOUT).build();
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
	 * configured auto-login user and the original signing key. Blocking: call from the test's main thread.
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

	/**
	 * Rotates the signing key like Logto's console: a new key of the configured type signs ID tokens and JWT access
	 * tokens from now on, and the current key stays published as the previous one (JWKS order: current, previous).
	 * {@link #reset()} restores the original key. Blocking: call from the test's main thread.
	 */
	public void rotateSigningKey() {
		control("/__peer/rotate-signing-key");
	}

	private void control(String pathAndQuery) {
		HttpClient client;
		synchronized (this) {
			requireRunning();
			client = this.controlClient;
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
			.timeout(CONTROL_TIMEOUT)
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

		private TestTenant tenant;
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
		// Node loads oidc-provider in a few seconds on a quiet machine; a loaded CI machine once needed more than 30 s
		private Duration startupTimeout = Duration.ofSeconds(120);

		private Builder() {
		}

		/**
		 * @param tenant the users, roles, API resources, organizations and apps to serve; at least one web app
		 * @return this builder
		 */
		public Builder tenant(TestTenant tenant) {
			this.tenant = Objects.requireNonNull(tenant, "tenant");
			return this;
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
		 * @param timeout how long {@link OidcProviderPeer#start()} waits for {@code READY} (default 120 s)
		 * @return this builder
		 */
		public Builder startupTimeout(Duration timeout) {
			this.startupTimeout = wholeSeconds(timeout, "startupTimeout");
			return this;
		}

		/**
		 * Validates the configuration; does not start anything.
		 * @return the peer, not started
		 * @throws IllegalStateException when the tenant has no web app or the auto-login user is not in it
		 */
		public OidcProviderPeer build() {
			if (this.tenant == null || this.tenant.webApps().isEmpty()) {
				throw new IllegalStateException("configure a tenant with at least one web app: "
						+ "tenant(TestTenant.builder().webApp(TestWebApp.builder(clientId, secret)...)...build())");
			}
			if (this.autoLoginUserId != null && !this.tenant.users().containsKey(this.autoLoginUserId)) {
				throw new IllegalStateException("autoLogin user '" + this.autoLoginUserId + "' is not in the tenant");
			}
			PeerConfiguration configuration = new PeerConfiguration(this.tenant, this.accessTokenTtl, this.idTokenTtl,
					this.refreshTokenTtl, this.rotation, this.reuseWindow, this.signingKeyType,
					this.idTokenExtendedClaims, this.autoLoginUserId);
			return new OidcProviderPeer(configuration, this.projectDirectory, this.port, this.startupTimeout);
		}
	}
}
