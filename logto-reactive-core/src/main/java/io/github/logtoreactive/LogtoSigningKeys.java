package io.github.logtoreactive;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.jwk.JWK;
import io.github.logtoreactive.internal.EngineComponents;
import io.github.logtoreactive.internal.discovery.DiscoveryCache;
import io.github.logtoreactive.internal.http.LogtoHttp;
import io.github.logtoreactive.internal.jwt.JwksCache;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * The public signing keys of one Logto tenant, for verifying the JWTs Logto issues (e.g. the access tokens an API
 * receives). Keys come from the discovered {@code jwks_uri}, fetched with Reactor Netty and cached; a key id
 * ({@code kid}) missing from the cache (Logto rotated its keys) triggers a refetch, shared by concurrent callers and
 * rate-limited, so tokens with made-up key ids cannot make the application hammer Logto. Only public EC and RSA
 * signing keys are returned. Immutable and thread-safe; never blocks.
 *
 * <pre>{@code
 * LogtoSigningKeys keys = LogtoSigningKeys.of(engine);                       // share an application's engine
 * LogtoSigningKeys keys = LogtoSigningKeys.builder("https://tenant.logto.app").build(); // an API without an app
 * }</pre>
 */
public final class LogtoSigningKeys {

	/**
	 * The application id of the configuration a standalone key set is built with: its HTTP, discovery and JWKS parts
	 * read only the endpoint, the timeouts, the discovery TTL and the refetch interval, and never send an app id.
	 */
	private static final String NO_APPLICATION = "logto-reactive-signing-keys";

	private final JwksCache jwks;

	private final String issuer;

	private LogtoSigningKeys(JwksCache jwks, String issuer) {
		this.jwks = jwks;
		this.issuer = issuer;
	}

	/**
	 * @param engine an application's engine
	 * @return its signing keys: the cache the engine verifies ID tokens with (no second fetch of the same keys)
	 */
	public static LogtoSigningKeys of(LogtoEngine engine) {
		EngineComponents components = EngineComponents.of(Objects.requireNonNull(engine, "engine"));
		return new LogtoSigningKeys(components.jwks(), issuerOf(components.config()));
	}

	/**
	 * @param endpoint the Logto endpoint, e.g. {@code https://your-tenant.logto.app} (the issuer is
	 * {@code <endpoint>/oidc})
	 * @return a builder for a key set of its own, for services that verify tokens but sign nobody in
	 */
	public static Builder builder(String endpoint) {
		return new Builder(endpoint);
	}

	/**
	 * @return the issuer the keys belong to: {@code <endpoint>/oidc}
	 */
	public String issuer() {
		return this.issuer;
	}

	/**
	 * @param kid the {@code kid} of a token's header, or {@code null} (every key is then a candidate)
	 * @return the keys with that id, never empty (lazy). Errors: {@link IdTokenVerificationException} with reason
	 * {@link IdTokenVerificationException.Reason#UNKNOWN_KEY} when no key has that id even after a refetch (or when a
	 * refetch happened too recently), {@link InvalidResponseException} for a JWKS that is not a JWK set,
	 * {@link LogtoTransportException} when Logto cannot be reached
	 */
	public Mono<List<JWK>> keys(@Nullable String kid) {
		return this.jwks.keys(kid);
	}

	@Override
	public String toString() {
		return "LogtoSigningKeys{issuer=" + this.issuer + "}";
	}

	private static String issuerOf(LogtoConfig config) {
		return config.endpoint() + "/oidc";
	}

	/**
	 * Builds a standalone {@link LogtoSigningKeys}. Not thread-safe.
	 */
	public static final class Builder {

		private final LogtoConfig.Builder config;

		private @Nullable HttpClient httpClient;

		private Clock clock = Clock.systemUTC();

		private Scheduler scheduler = Schedulers.parallel();

		private Builder(String endpoint) {
			this.config = LogtoConfig.builder().endpoint(Objects.requireNonNull(endpoint, "endpoint"))
				.appId(NO_APPLICATION);
		}

		/**
		 * @param httpClient the Reactor Netty client for the discovery and JWKS requests (default
		 * {@code HttpClient.create()})
		 * @return this builder
		 */
		public Builder httpClient(HttpClient httpClient) {
			this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
			return this;
		}

		/**
		 * @param clock the clock of the refetch rate limit and the discovery TTL (default system UTC)
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * @param scheduler the scheduler for timeouts (default {@link Schedulers#parallel()})
		 * @return this builder
		 */
		public Builder scheduler(Scheduler scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
			return this;
		}

		/**
		 * @param interval the least time between two fetches caused by unknown key ids (default
		 * {@link LogtoConfig#DEFAULT_JWKS_REFETCH_INTERVAL})
		 * @return this builder
		 */
		public Builder refetchInterval(Duration interval) {
			this.config.jwksRefetchInterval(interval);
			return this;
		}

		/**
		 * @param timeout the connect timeout (default {@link LogtoConfig#DEFAULT_CONNECT_TIMEOUT})
		 * @return this builder
		 */
		public Builder connectTimeout(Duration timeout) {
			this.config.connectTimeout(timeout);
			return this;
		}

		/**
		 * @param timeout the response timeout of each request (default {@link LogtoConfig#DEFAULT_RESPONSE_TIMEOUT})
		 * @return this builder
		 */
		public Builder responseTimeout(Duration timeout) {
			this.config.responseTimeout(timeout);
			return this;
		}

		/**
		 * @return the key set; no network call happens here
		 * @throws LogtoConfigurationException naming the setting when the endpoint or a duration is invalid
		 */
		public LogtoSigningKeys build() {
			LogtoConfig built = this.config.build();
			LogtoHttp http = new LogtoHttp(this.httpClient != null ? this.httpClient : HttpClient.create(), built,
					this.scheduler);
			JwksCache jwks = new JwksCache(http, new DiscoveryCache(http, built, this.clock), built, this.clock,
					this.scheduler);
			return new LogtoSigningKeys(jwks, issuerOf(built));
		}
	}
}
