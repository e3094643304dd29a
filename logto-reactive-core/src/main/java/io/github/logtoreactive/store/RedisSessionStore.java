package io.github.logtoreactive.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.internal.session.MalformedPayloadException;
import io.github.logtoreactive.internal.session.PayloadCompression;
import io.github.logtoreactive.internal.session.SessionJson;

/**
 * A {@link SessionStore} in Redis, on Lettuce's reactive API, shared by every instance of the application.
 *
 * <p>
 * <b>Layout.</b> One hash per session, {@code <keyPrefix><id>} (default prefix {@code logto:session:}), with fields
 * {@code v} (the version) and {@code d} (the session's compact JSON, DEFLATE-compressed), and a TTL of the idle
 * timeout capped at what is left of the absolute timeout, renewed on every write. Refresh leases are plain keys
 * {@code <keyPrefix>lease:<id>}.
 *
 * <p>
 * <b>Atomicity.</b> {@link #save} is one Lua script (compare the stored version, {@code HSET} both fields,
 * {@code PEXPIRE}) run with {@code EVALSHA} (falling back to {@code EVAL} after a Redis restart): a stored session is
 * always either the old or the new one, and a slower request can never overwrite a newer refresh token. The refresh
 * lease is {@code SET lease NX PX ttl}, released by a compare-and-delete script so only its owner releases it:
 * {@link #isClusterScoped()} is {@code true}.
 *
 * <p>
 * <b>Failures.</b> Every command is bounded by the configured timeout ({@code Mono.timeout} on the configured
 * {@link Scheduler}): Redis down, slow or unreachable signals {@link SessionStoreException} within that time. No
 * thread is blocked: results arrive on Lettuce's event loop, timeouts on the scheduler. With Lettuce's default
 * {@code DisconnectedBehavior}, commands issued while disconnected are queued and sent after reconnection, even if
 * their caller has already timed out; compare-and-set keeps such a late write harmless (it applies only if nobody
 * wrote since). Prefer {@code ClientOptions.disconnectedBehavior(REJECT_COMMANDS)} to fail fast instead.
 *
 * <p>
 * <b>Lifecycle.</b> Either hand over a connection opened with {@link #CODEC} (the application owns and closes it), or
 * a {@link RedisClient} and {@link RedisURI}: the store then connects on first use without blocking, and
 * {@link #close()} closes that connection (the client stays the application's to shut down).
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create();
 * RedisSessionStore store = RedisSessionStore.builder(client, RedisURI.create("redis://localhost:6379"))
 *     .timeout(Duration.ofMillis(500))
 *     .build();
 * }</pre>
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {

	/** The codec of the connection: string keys, byte-array values. */
	public static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private static final Logger logger = LoggerFactory.getLogger(RedisSessionStore.class);

	private static final String CAS_SHA = RedisScripts.sha1(RedisScripts.COMPARE_AND_SET);

	private static final String RELEASE_SHA = RedisScripts.sha1(RedisScripts.RELEASE_LEASE);

	private final Mono<RedisReactiveCommands<String, byte[]>> commands;

	private final AtomicReference<@Nullable StatefulRedisConnection<String, byte[]>> ownedConnection;

	private final String keyPrefix;

	private final Duration timeout;

	private final Duration idleTimeout;

	private final Duration absoluteTimeout;

	private final Clock clock;

	private final Scheduler scheduler;

	private RedisSessionStore(Builder b) {
		this.keyPrefix = b.keyPrefix;
		this.timeout = b.timeout;
		this.idleTimeout = b.idleTimeout;
		this.absoluteTimeout = b.absoluteTimeout;
		this.clock = b.clock;
		this.scheduler = b.scheduler;
		this.ownedConnection = new AtomicReference<>();
		if (b.connection != null) {
			this.commands = Mono.just(b.connection.reactive());
		}
		else {
			RedisClient client = Objects.requireNonNull(b.client);
			RedisURI uri = Objects.requireNonNull(b.uri);
			// Connected once, then kept: Lettuce reconnects it by itself. A failed connect is not cached.
			this.commands = Mono.fromFuture(() -> client.connectAsync(CODEC, uri).toCompletableFuture(), true)
				.doOnNext(this.ownedConnection::set)
				.cache((connection) -> Duration.ofMillis(Long.MAX_VALUE), (ex) -> Duration.ZERO, () -> Duration.ZERO)
				.map(StatefulRedisConnection::reactive);
		}
	}

	/**
	 * @param connection a connection opened with {@link #CODEC}; the application closes it
	 * @return a builder
	 */
	public static Builder builder(StatefulRedisConnection<String, byte[]> connection) {
		Builder b = new Builder();
		b.connection = Objects.requireNonNull(connection, "connection");
		return b;
	}

	/**
	 * @param client the Lettuce client (its lifecycle stays the application's)
	 * @param uri where Redis is
	 * @return a builder; the store connects lazily, without blocking, on first use
	 */
	public static Builder builder(RedisClient client, RedisURI uri) {
		Builder b = new Builder();
		b.client = Objects.requireNonNull(client, "client");
		b.uri = Objects.requireNonNull(uri, "uri");
		return b;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Errors with {@link SessionStoreException} when Redis fails or does not answer within the timeout. A stored
	 * value this version cannot read is logged (without content) and reads as absent.
	 */
	@Override
	public Mono<LogtoSession> load(String sessionId) {
		return guard("load", this.commands.flatMap((redis) -> redis.hget(sessionKey(sessionId), "d")))
			.flatMap((data) -> Mono.justOrEmpty(decode(data)));
	}

	private @Nullable LogtoSession decode(byte[] data) {
		try {
			LogtoSession session = SessionJson.read(PayloadCompression.unpack(data));
			Instant now = this.clock.instant();
			return now.isBefore(session.createdAt().plus(this.absoluteTimeout)) ? session : null;
		}
		catch (MalformedPayloadException | RuntimeException ex) {
			logger.warn("Unreadable session in Redis ignored: {}", ex.getMessage());
			return null;
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * One atomic Lua script. Errors with {@link SessionStoreException} when Redis fails or does not answer within the
	 * timeout (the session is then either the old or the new one), {@link IllegalArgumentException} when the
	 * session's version does not exceed {@code expectedVersion}.
	 */
	@Override
	public Mono<Boolean> save(LogtoSession session, long expectedVersion) {
		return Mono.defer(() -> {
			if (session.version() <= expectedVersion) {
				return Mono.error(new IllegalArgumentException("the session's version " + session.version()
						+ " must exceed the expected version " + expectedVersion));
			}
			byte[] data = PayloadCompression.pack(SessionJson.write(session, true));
			Duration left = Duration.between(this.clock.instant(),
					session.createdAt().plus(this.absoluteTimeout));
			long ttl = Math.max(1000, Math.min(this.idleTimeout.toMillis(), left.toMillis()));
			String[] keys = { sessionKey(session.id()) };
			byte[][] args = { ascii(Long.toString(expectedVersion)), ascii(Long.toString(session.version())), data,
					ascii(Long.toString(ttl)) };
			return guard("save", this.commands
				.flatMap((redis) -> script(redis, RedisScripts.COMPARE_AND_SET, CAS_SHA, keys, args)))
				.map((written) -> written == 1L);
		});
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Errors with {@link SessionStoreException} when Redis fails or does not answer within the timeout.
	 */
	@Override
	public Mono<Void> delete(String sessionId) {
		return guard("delete", this.commands.flatMap((redis) -> redis.del(sessionKey(sessionId)))).then();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * {@code SET <prefix>lease:<id> <owner> NX PX <ttl>}. Errors with {@link SessionStoreException} when Redis fails
	 * or does not answer within the timeout.
	 */
	@Override
	public Mono<Boolean> tryAcquireRefreshLease(String sessionId, String owner, Duration ttl) {
		return guard("acquire lease", this.commands.flatMap((redis) -> redis.set(leaseKey(sessionId), ascii(owner),
				SetArgs.Builder.nx().px(ttl.toMillis()))))
			.map("OK"::equals)
			.defaultIfEmpty(Boolean.FALSE);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A compare-and-delete script: only {@code owner} releases. Errors with {@link SessionStoreException} when Redis
	 * fails or does not answer within the timeout (the lease then expires on its own).
	 */
	@Override
	public Mono<Void> releaseRefreshLease(String sessionId, String owner) {
		String[] keys = { leaseKey(sessionId) };
		byte[][] args = { ascii(owner) };
		return guard("release lease",
				this.commands.flatMap((redis) -> script(redis, RedisScripts.RELEASE_LEASE, RELEASE_SHA, keys, args)))
			.then();
	}

	/**
	 * @return {@code true}: leases are shared by every instance using this Redis
	 */
	@Override
	public boolean isClusterScoped() {
		return true;
	}

	/**
	 * Closes the connection this store opened itself (built from a client and URI), without waiting; a connection
	 * handed to the builder is left to the application.
	 */
	@Override
	public void close() {
		StatefulRedisConnection<String, byte[]> connection = this.ownedConnection.getAndSet(null);
		if (connection != null) {
			connection.closeAsync();
		}
	}

	private static Mono<Long> script(RedisReactiveCommands<String, byte[]> redis, String script, String sha,
			String[] keys, byte[][] args) {
		Flux<Long> byDigest = redis.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
		return byDigest.next()
			.onErrorResume(RedisNoScriptException.class,
					(ex) -> redis.<Long>eval(script, ScriptOutputType.INTEGER, keys, args).next());
	}

	private <T> Mono<T> guard(String operation, Mono<T> command) {
		return command.timeout(this.timeout, this.scheduler).onErrorMap((ex) -> !(ex instanceof SessionStoreException)
				&& !(ex instanceof IllegalArgumentException), (ex) -> {
					String message = (ex instanceof TimeoutException)
							? "Redis did not answer " + operation + " within " + this.timeout.toMillis() + " ms"
							: "Redis failed to " + operation + ": " + ex.getClass().getSimpleName();
					return new SessionStoreException(message, ex);
				});
	}

	private String sessionKey(String sessionId) {
		return this.keyPrefix + sessionId;
	}

	private String leaseKey(String sessionId) {
		return this.keyPrefix + "lease:" + sessionId;
	}

	private static byte[] ascii(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Builds a {@link RedisSessionStore}.
	 */
	public static final class Builder {

		private @Nullable StatefulRedisConnection<String, byte[]> connection;

		private @Nullable RedisClient client;

		private @Nullable RedisURI uri;

		private String keyPrefix = "logto:session:";

		private Duration timeout = Duration.ofSeconds(2);

		private Duration idleTimeout = Duration.ofDays(14);

		private Duration absoluteTimeout = Duration.ofDays(30);

		private Clock clock = Clock.systemUTC();

		private Scheduler scheduler = Schedulers.parallel();

		private Builder() {
		}

		/**
		 * @param keyPrefix the prefix of every key (default {@code logto:session:})
		 * @return this builder
		 */
		public Builder keyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
			return this;
		}

		/**
		 * @param timeout the longest wait for any Redis command, connecting included (default 2 seconds)
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * @param idleTimeout the TTL set on every write (default 14 days)
		 * @return this builder
		 */
		public Builder idleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
			return this;
		}

		/**
		 * @param absoluteTimeout how long a session lives after its creation (default 30 days)
		 * @return this builder
		 */
		public Builder absoluteTimeout(Duration absoluteTimeout) {
			this.absoluteTimeout = absoluteTimeout;
			return this;
		}

		/**
		 * @param clock the clock for the absolute timeout
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * @param scheduler where timeouts fire (default {@code Schedulers.parallel()})
		 * @return this builder
		 */
		public Builder scheduler(Scheduler scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
			return this;
		}

		/**
		 * @return the store
		 * @throws LogtoConfigurationException naming the setting at fault
		 */
		public RedisSessionStore build() {
			if (this.keyPrefix == null || this.keyPrefix.isEmpty()) {
				throw new LogtoConfigurationException("session-store.redis.key-prefix",
						"session-store.redis.key-prefix must not be empty");
			}
			StoreSettings.requirePositive("session-store.redis.timeout", this.timeout);
			StoreSettings.requirePositive("session-store.idle-timeout", this.idleTimeout);
			StoreSettings.requirePositive("session-store.absolute-timeout", this.absoluteTimeout);
			return new RedisSessionStore(this);
		}
	}
}
