package io.github.logtoreactive.internal;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.internal.crypto.SecureRandomStrings;
import io.github.logtoreactive.internal.discovery.DiscoveryCache;
import io.github.logtoreactive.internal.http.LogtoHttp;
import io.github.logtoreactive.internal.jwt.IdTokenVerifier;
import io.github.logtoreactive.internal.jwt.JwksCache;
import io.github.logtoreactive.internal.signin.SignInFlow;
import io.github.logtoreactive.internal.token.HttpTokenEndpoint;
import io.github.logtoreactive.internal.token.RefreshCoordinator;
import io.github.logtoreactive.internal.token.TokenEndpoint;
import io.github.logtoreactive.internal.token.TokenFlow;
import io.github.logtoreactive.internal.token.UserInfoEndpoint;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Everything one {@link LogtoEngine} shares between its clients: configuration, clock, scheduler, random source, HTTP
 * calls, discovery and JWKS caches, ID-token verifier, token endpoint and sign-in flow. Built once per engine; all
 * parts are thread-safe and never block.
 *
 * <p>
 * Internal code reaches it from an engine with {@link #of(LogtoEngine)}, or receives it in its constructor (as
 * {@link DefaultLogtoClient} does).
 * <p>
 * Public only because {@code LogtoEngine}, {@code LogtoSigningKeys} and the web package's {@code RequestSessions}
 * reach an engine's parts through it.
 */
public final class EngineComponents {

	private static volatile @Nullable Function<LogtoEngine, EngineComponents> accessor;

	private final LogtoConfig config;

	private final Clock clock;

	private final Scheduler scheduler;

	private final SecureRandomStrings random;

	private final LogtoHttp http;

	private final DiscoveryCache discovery;

	private final JwksCache jwks;

	private final IdTokenVerifier idTokenVerifier;

	private final TokenEndpoint tokenEndpoint;

	private final SignInFlow signInFlow;

	private final RefreshCoordinator refreshCoordinator;

	private final TokenFlow tokenFlow;

	/**
	 * Builds the components. No I/O happens here, except seeding the random source.
	 * @param config the configuration
	 * @param httpClient the HTTP client
	 * @param clock the clock
	 * @param scheduler the scheduler for timeouts, backoff and waits
	 */
	public EngineComponents(LogtoConfig config, HttpClient httpClient, Clock clock, Scheduler scheduler) {
		this.config = Objects.requireNonNull(config, "config");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
		this.random = new SecureRandomStrings();
		this.http = new LogtoHttp(httpClient, config, scheduler);
		this.discovery = new DiscoveryCache(this.http, config, clock);
		this.jwks = new JwksCache(this.http, this.discovery, config, clock, scheduler);
		this.idTokenVerifier = new IdTokenVerifier(this.discovery, this.jwks, config, clock);
		this.tokenEndpoint = new HttpTokenEndpoint(this.http, this.discovery, config, clock);
		this.signInFlow = new SignInFlow(config, this.discovery, this.tokenEndpoint, this.idTokenVerifier,
				this.random, clock);
		this.refreshCoordinator = new RefreshCoordinator(this.tokenEndpoint,
				idToken -> this.idTokenVerifier.verify(idToken, null).thenReturn(idToken), config, clock, scheduler);
		this.tokenFlow = new TokenFlow(config, this.refreshCoordinator, this.tokenEndpoint,
				new UserInfoEndpoint(this.http, this.discovery), this.discovery);
	}

	/**
	 * Called once by {@link LogtoEngine}'s static initializer, so internal code can reach an engine's components
	 * without a public accessor on the engine.
	 * @param engineAccessor returns an engine's components
	 */
	public static void registerAccessor(Function<LogtoEngine, EngineComponents> engineAccessor) {
		if (accessor != null) {
			throw new IllegalStateException("the engine accessor is already registered");
		}
		accessor = Objects.requireNonNull(engineAccessor, "engineAccessor");
	}

	/**
	 * @param engine an engine
	 * @return its components
	 */
	public static EngineComponents of(LogtoEngine engine) {
		Objects.requireNonNull(engine, "engine");
		Function<LogtoEngine, EngineComponents> get = accessor;
		if (get == null) {
			throw new IllegalStateException("LogtoEngine did not register its accessor");
		}
		return get.apply(engine);
	}

	/**
	 * @return the configuration
	 */
	public LogtoConfig config() {
		return this.config;
	}

	/**
	 * @return the clock deciding every expiry
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * @return the scheduler for timeouts, backoff and waits
	 */
	public Scheduler scheduler() {
		return this.scheduler;
	}

	/**
	 * @return the random source (session ids, state, nonce, PKCE)
	 */
	public SecureRandomStrings random() {
		return this.random;
	}

	/**
	 * @return the HTTP calls to Logto (e.g. for the user-info endpoint)
	 */
	public LogtoHttp http() {
		return this.http;
	}

	/**
	 * @return the discovery cache
	 */
	public DiscoveryCache discovery() {
		return this.discovery;
	}

	/**
	 * @return the JWKS cache
	 */
	public JwksCache jwks() {
		return this.jwks;
	}

	/**
	 * @return the ID-token verifier ({@code verify(idToken, expectedNonce)})
	 */
	public IdTokenVerifier idTokenVerifier() {
		return this.idTokenVerifier;
	}

	/**
	 * @return the token endpoint
	 */
	public TokenEndpoint tokenEndpoint() {
		return this.tokenEndpoint;
	}

	/**
	 * @return the refresh coordinator
	 */
	public RefreshCoordinator refreshCoordinator() {
		return this.refreshCoordinator;
	}

	/**
	 * @return the token flow (everything after sign-in)
	 */
	public TokenFlow tokenFlow() {
		return this.tokenFlow;
	}

	/**
	 * @return the sign-in flow
	 */
	public SignInFlow signInFlow() {
		return this.signInFlow;
	}
}
