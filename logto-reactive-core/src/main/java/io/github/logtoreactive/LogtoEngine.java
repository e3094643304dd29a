package io.github.logtoreactive;

import java.time.Clock;
import java.util.Objects;

import io.github.logtoreactive.internal.DefaultLogtoClient;
import io.github.logtoreactive.internal.EngineComponents;
import io.github.logtoreactive.internal.token.ClientCredentialsCache;
import io.github.logtoreactive.internal.token.RefreshCoordinator;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * The shared part of the library for one Logto application: its configuration, one Reactor Netty
 * {@link HttpClient}, the discovery and signing-key caches, the ID-token verifier and the random source.
 * <strong>Create one and reuse it</strong>: every engine has its own caches, so an engine per request would fetch
 * Logto's discovery document and keys every time. Immutable and thread-safe.
 *
 * <pre>{@code
 * LogtoEngine engine = LogtoEngine.builder(config)   // at startup; no network call happens here
 *     .httpClient(HttpClient.create().proxy(...))   // optional
 *     .build();
 * LogtoClient client = engine.client(binding);      // per request / user agent, cheap
 * }</pre>
 *
 * <p>
 * Building an engine makes no network call: discovery is lazy, so a Logto that is down at startup does not stop the
 * application from starting. Building seeds the engine's random generator, which may read the operating system's
 * entropy source once, so build engines at startup rather than on an event-loop thread. After that, nothing an
 * engine does blocks.
 */
public final class LogtoEngine {

	static {
		EngineComponents.registerAccessor(engine -> engine.components);
	}

	private final EngineComponents components;

	private LogtoEngine(Builder builder) {
		this.components = new EngineComponents(builder.config,
				builder.httpClient != null ? builder.httpClient : HttpClient.create(),
				builder.clock != null ? builder.clock : Clock.systemUTC(),
				builder.scheduler != null ? builder.scheduler : Schedulers.parallel());
	}

	/**
	 * @param config the configuration
	 * @return an engine with the default HTTP client, clock and scheduler
	 */
	public static LogtoEngine create(LogtoConfig config) {
		return builder(config).build();
	}

	/**
	 * @param config the configuration
	 * @return a builder for an engine
	 */
	public static Builder builder(LogtoConfig config) {
		return new Builder(config);
	}

	/**
	 * @param binding where the user agent's session lives
	 * @return a client for that user agent
	 */
	public LogtoClient client(SessionBinding binding) {
		return new DefaultLogtoClient(this.components, binding, null);
	}

	/**
	 * A source of machine-to-machine tokens for a Logto machine-to-machine app, sharing this engine's HTTP client,
	 * discovery and clock. Create one per app and reuse it.
	 * @param m2mAppId the machine-to-machine app id
	 * @param m2mAppSecret its secret
	 * @return the token source
	 */
	public ClientCredentialsTokenSource clientCredentials(String m2mAppId, String m2mAppSecret) {
		Objects.requireNonNull(m2mAppId, "m2mAppId");
		Objects.requireNonNull(m2mAppSecret, "m2mAppSecret");
		if (m2mAppId.isBlank() || m2mAppSecret.isBlank()) {
			throw new LogtoConfigurationException("m2mAppId",
					"the machine-to-machine app id and secret must not be blank");
		}
		return new ClientCredentialsTokenSource(new ClientCredentialsCache(this.components.tokenEndpoint(), m2mAppId,
				m2mAppSecret, this.components.config(), this.components.clock(), this.components.scheduler()));
	}

	/**
	 * @return counters since the engine was built
	 */
	public EngineStatistics statistics() {
		RefreshCoordinator coordinator = this.components.refreshCoordinator();
		return new EngineStatistics(coordinator.refreshCount(), coordinator.joinCount(), coordinator.adoptionCount(),
				coordinator.failureCount(), coordinator.retainedCount());
	}

	/**
	 * @return the configuration
	 */
	public LogtoConfig config() {
		return this.components.config();
	}

	@Override
	public String toString() {
		return "LogtoEngine{" + this.components.config() + "}";
	}

	/**
	 * Builds a {@link LogtoEngine}. Not thread-safe.
	 */
	public static final class Builder {

		private final LogtoConfig config;

		private @Nullable HttpClient httpClient;

		private @Nullable Clock clock;

		private @Nullable Scheduler scheduler;

		private Builder(LogtoConfig config) {
			this.config = Objects.requireNonNull(config, "config");
		}

		/**
		 * @param httpClient the Reactor Netty client for calls to Logto (default {@code HttpClient.create()}); the
		 * configuration's connect timeout is applied to it, and every call is bounded by its response timeout
		 * @return this builder
		 */
		public Builder httpClient(HttpClient httpClient) {
			this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
			return this;
		}

		/**
		 * @param clock the clock deciding every expiry (default {@link Clock#systemUTC()})
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * @param scheduler the scheduler for timeouts, retry backoff and the JWKS refetch limit's waits (default
		 * {@link Schedulers#parallel()})
		 * @return this builder
		 */
		public Builder scheduler(Scheduler scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
			return this;
		}

		/**
		 * @return the engine
		 */
		public LogtoEngine build() {
			return new LogtoEngine(this);
		}
	}
}
