package io.github.logtoreactive.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.internal.observation.MicrometerObservers;
import io.github.logtoreactive.internal.session.CookieJwe;
import io.github.logtoreactive.internal.session.PayloadCompression;
import io.github.logtoreactive.internal.session.SessionJson;
import io.github.logtoreactive.internal.session.StoreObserver;
import io.github.logtoreactive.internal.session.StoreOperation;

/**
 * A {@link SessionStore} in Redis, on Lettuce's reactive API, shared by every instance of the application.
 *
 * <p>
 * <b>Layout.</b> One hash per session, {@code <keyPrefix><id>} (default prefix {@code logto:session:}), with fields
 * {@code v} (the version), {@code d} (the session encrypted, see below), {@code w} (the tag of the write: the
 * authentication tag of {@code d}) and {@code s}, {@code u} (the names of its index keys), and a TTL of the idle timeout capped at what is left of the absolute timeout, renewed on every write.
 * Refresh leases are plain keys {@code <keyPrefix>lease:<id>}.
 *
 * <p>
 * <b>Index.</b> Each signed-in session is listed under its Logto session ({@code <keyPrefix>sid:<tag>}, a set) and
 * its subject ({@code <keyPrefix>sub:<tag>}, a sorted set by creation time), where the tag is an HMAC of the
 * {@code sid} or {@code sub} under a key derived for that purpose ({@code redis-session-index}): a dump does not show
 * who is signed in. An index key expires with its longest-lived session, and save, delete and the ends below keep it
 * exact, atomically with the session (the same Lua script). A back-channel logout thus ends the sessions it names at
 * once, on every instance: {@link #endLogtoSession} and {@link #endSubject} delete them, with their refresh tokens.
 * A subject keeps at most {@link Builder#maxSessionsPerSubject} sessions (default 100): a new one past that ends
 * the subject's oldest.
 *
 * <p>
 * <b>Encrypted at rest.</b> {@code d} is a compact JWE ({@code dir}, {@code A256GCM}) of the session's compact JSON,
 * DEFLATE-compressed, under a key derived from the {@link CookieSecrets} for its own purpose ({@code redis-session}:
 * HKDF info {@code "logto-reactive/v1 redis-session"}, never the cookies' key) and bound to its Redis key, so a
 * value moved to another session's key does not decrypt. A dump of Redis shows no ID, access or refresh token.
 * Rotation works as for cookies: the first secret encrypts, every secret decrypts. An entry that does not decrypt
 * (written unencrypted by an earlier version, written with a secret since removed, or altered) is refused and reads
 * as absent: that user signs in again; it is logged without content.
 *
 * <p>
 * <b>Atomicity.</b> {@link #save} is one Lua script (compare the stored version, {@code HSET} the fields,
 * {@code PEXPIRE}, the index) run with {@code EVALSHA} (falling back to {@code EVAL} after a Redis restart): a stored
 * session is always either the old or the new one, and a slower request can never overwrite a newer refresh token. The
 * refresh lease is {@code SET lease NX PX ttl}, released by a compare-and-delete script so only its owner releases
 * it: {@link #isClusterScoped()} is {@code true}.
 *
 * <p>
 * <b>One read per request, version first.</b> The store remembers, per session, the version it last decrypted or
 * wrote, the tag of that write and the session it holds (bounded by {@link Builder#recentSessionsMaxBytes}).
 * {@link #load} then asks Redis for the version and write tag only ({@code HMGET <key> v w}, a few dozen bytes
 * instead of the 1-3 KB value): the same write answers the remembered session without decrypting it; another
 * (another instance's newer save, a key written again from nothing, a write Redis lost and another instance made
 * again) is read ({@code HMGET <key> v w d}) and decrypted and authenticated as always; no version (deleted, expired,
 * flushed) is absent. A session this instance does not remember is one {@code HMGET <key> v w d}. Why the same
 * version and write tag are the same content, and what is remembered when, is {@link RedisSessionReader}'s to argue.
 * A value altered in Redis under the same version and write tag is answered with the session this instance
 * authenticated for that write; an instance that does not remember it decrypts and refuses it. A record of ended sessions built on this
 * store ({@link RedisSessionRevocations#builder(RedisSessionStore)}) shares its connection, so a request's load and
 * its ended-session check go out together.
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
 *     .secrets(cookieSecrets)               // the keys encrypting sessions at rest derive from them
 *     .timeout(Duration.ofMillis(500))
 *     .build();
 * }</pre>
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {

	/** The codec of the connection: string keys, byte-array values. */
	public static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	/** The purpose the key encrypting sessions at rest is derived for (distinct from every cookie's). */
	static final String ENCRYPTION_PURPOSE = "redis-session";

	private final RedisChannel channel;

	private final String keyPrefix;

	private final Duration idleTimeout;

	private final Duration absoluteTimeout;

	private final Clock clock;

	private final StoreObserver observer;

	private final CookieJwe jwe;

	private final RedisSessionIndex index;

	private final int maxSessionsPerSubject;

	private final RedisSessionReader reader;

	private final RedisRefreshLeases leases;

	private RedisSessionStore(Builder b) {
		CookieSecrets secrets = Objects.requireNonNull(b.secrets);
		this.jwe = new CookieJwe(secrets.keyRing(ENCRYPTION_PURPOSE));
		this.keyPrefix = b.keyPrefix;
		this.index = new RedisSessionIndex(secrets, b.keyPrefix);
		this.maxSessionsPerSubject = b.maxSessionsPerSubject;
		this.idleTimeout = b.idleTimeout;
		this.absoluteTimeout = b.absoluteTimeout;
		this.clock = b.clock;
		this.observer = b.observationRegistry != null ? MicrometerObservers.store(b.observationRegistry)
				: StoreObserver.NONE;
		this.channel = b.connection != null ? RedisChannel.over(b.connection, b.timeout, b.scheduler)
				: RedisChannel.connecting(Objects.requireNonNull(b.client), Objects.requireNonNull(b.uri), b.timeout,
						b.scheduler);
		RecentRedisSessions recent = new RecentRedisSessions(b.recentSessionsMaxBytes, b.clock);
		this.reader = new RedisSessionReader(this.channel, this.jwe, recent, b.absoluteTimeout, b.clock);
		this.leases = new RedisRefreshLeases(this.channel, b.keyPrefix, this.observer);
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
	 * {@code HMGET <key> v w} when this instance knows a version of the session (answering what it remembers when that
	 * write is still stored), {@code HMGET <key> v w d} otherwise (see the class comment). Errors with
	 * {@link SessionStoreException} when Redis fails or does not answer within the timeout. A stored value that does
	 * not decrypt (unencrypted, from a removed secret, altered) or that this version cannot read is logged (without
	 * content) and reads as absent.
	 */
	@Override
	public Mono<LogtoSession> load(String sessionId) {
		return this.observer.observe(StoreOperation.LOAD, this.reader.load(sessionId, sessionKey(sessionId)));
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
		return this.observer.observe(StoreOperation.SAVE, Mono.defer(() -> {
			if (session.version() <= expectedVersion) {
				return Mono.error(new IllegalArgumentException("the session's version " + session.version()
						+ " must exceed the expected version " + expectedVersion));
			}
			String key = sessionKey(session.id());
			byte[] json = SessionJson.write(session, true);
			byte[] data = ascii(this.jwe.encrypt(key, Map.of(), PayloadCompression.pack(json)));
			Instant now = this.clock.instant();
			Duration left = Duration.between(now, session.createdAt().plus(this.absoluteTimeout));
			long ttl = Math.max(1000, Math.min(this.idleTimeout.toMillis(), left.toMillis()));
			String[] indexKeys = this.index.keysOf(session);
			String[] keys = { key, indexKeys[0], indexKeys[1] };
			byte[][] args = { ascii(Long.toString(expectedVersion)), ascii(Long.toString(session.version())), data,
					ascii(Long.toString(ttl)), ascii(Long.toString(session.createdAt().toEpochMilli())),
					ascii(Integer.toString(this.maxSessionsPerSubject)), ascii(this.keyPrefix), ascii(session.id()),
					ascii(Long.toString(now.minus(this.absoluteTimeout).toEpochMilli())),
					RedisSessionReader.writeTagOf(data) };
			return this.channel.script("save", RedisScripts.COMPARE_AND_SET, keys, args).map((written) -> {
				if (written == 1L) {
					this.reader.written(session.id(), args[1], args[9], session, json.length);
					return Boolean.TRUE;
				}
				return Boolean.FALSE;
			});
		}));
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Errors with {@link SessionStoreException} when Redis fails or does not answer within the timeout.
	 */
	@Override
	public Mono<Void> delete(String sessionId) {
		String[] keys = { sessionKey(sessionId) };
		return this.observer.observe(StoreOperation.DELETE, Mono.defer(() -> {
			this.reader.forget(sessionId);
			return this.channel.script("delete", RedisScripts.DELETE, keys, ascii(sessionId));
		}).then());
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * One Lua script over the {@code sid} index (under every configured secret). Errors with
	 * {@link SessionStoreException} when Redis fails or does not answer within the timeout (then nothing, or all of
	 * it, happened).
	 */
	@Override
	public Mono<Long> endLogtoSession(String sid) {
		return Mono.defer(() -> this.channel.script("end the sessions of a Logto session",
				RedisScripts.END_LOGTO_SESSION, this.index.sidKeys(sid), ascii(this.keyPrefix)));
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * One Lua script over the subject index (under every configured secret). Errors with
	 * {@link SessionStoreException} when Redis fails or does not answer within the timeout (then nothing, or all of
	 * it, happened).
	 */
	@Override
	public Mono<Long> endSubject(String sub, Instant endedAt) {
		return Mono.defer(() -> this.channel.script("end the sessions of a subject", RedisScripts.END_SUBJECT,
				this.index.subjectKeys(sub), ascii(this.keyPrefix), ascii(Long.toString(endedAt.toEpochMilli()))));
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * {@code SET <prefix>lease:<id> <owner> NX PX <ttl>}. Errors with {@link SessionStoreException} when Redis fails
	 * or does not answer within the timeout.
	 */
	@Override
	public Mono<Boolean> tryAcquireRefreshLease(String sessionId, String owner, Duration ttl) {
		return this.leases.tryAcquire(sessionId, owner, ttl);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A compare-and-delete script: only {@code owner} releases. Errors with {@link SessionStoreException} when Redis
	 * fails or does not answer within the timeout (the lease then expires on its own).
	 */
	@Override
	public Mono<Void> releaseRefreshLease(String sessionId, String owner) {
		return this.leases.release(sessionId, owner);
	}

	/**
	 * Checks that Redis answers: one {@code PING} through the store's connection (connecting first if needed), bounded
	 * by the store's timeout, for health checks. Not observed as a store operation.
	 * @return completes when Redis answered; errors with {@link SessionStoreException} when it failed or did not answer
	 * within the timeout
	 */
	public Mono<Void> ping() {
		return this.channel.run("PING", RedisReactiveCommands::ping).then();
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
		this.channel.close();
	}

	/**
	 * @return the connection and command rules of this store, for a record of ended sessions sharing them
	 */
	RedisChannel channel() {
		return this.channel;
	}

	private String sessionKey(String sessionId) {
		return this.keyPrefix + sessionId;
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

		private @Nullable ObservationRegistry observationRegistry;

		private @Nullable CookieSecrets secrets;

		private int maxSessionsPerSubject = 100;

		private long recentSessionsMaxBytes = 8L * 1024 * 1024;

		private Builder() {
		}

		/**
		 * @param maxSessionsPerSubject how many sessions one user (subject) keeps at most (default 100); a new
		 * session past that ends the user's oldest, so the subject index stays bounded and complete
		 * @return this builder
		 */
		public Builder maxSessionsPerSubject(int maxSessionsPerSubject) {
			this.maxSessionsPerSubject = maxSessionsPerSubject;
			return this;
		}

		/**
		 * @param maxBytes the most heap the memory of recently decoded or written sessions may hold (default 8 MiB:
		 * about 3,600 sessions holding an ID and a refresh token, 890 with 8 access tokens too), estimated per
		 * session as 1.5 times its JSON and 512 bytes; a session it holds is loaded by reading its version only
		 * (each remembered version for a minute, then the value is read again), 0 reads and decrypts the value on
		 * every load
		 * @return this builder
		 */
		public Builder recentSessionsMaxBytes(long maxBytes) {
			this.recentSessionsMaxBytes = maxBytes;
			return this;
		}

		/**
		 * @param secrets the secrets the key encrypting sessions at rest is derived from (required; the cookie
		 * secrets, rotated the same way: the first encrypts, all decrypt)
		 * @return this builder
		 */
		public Builder secrets(CookieSecrets secrets) {
			this.secrets = Objects.requireNonNull(secrets, "secrets");
			return this;
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
		 * Observes every operation (load, save, delete, acquire and release a refresh lease) as a
		 * {@code logto.session.store.operations} observation: a timer and, with a tracer, a client span, tagged with
		 * the operation and its outcome ({@code HIT}/{@code MISS}, {@code WRITTEN}/{@code CONFLICT},
		 * {@code ACQUIRED}/{@code BUSY}, {@code SUCCESS}, {@code TIMEOUT}, {@code ERROR}) and the error code, never with a
		 * session id.
		 * Without this call nothing is observed, and Micrometer need not be on the class path.
		 * @param observationRegistry the registry (e.g. Spring Boot's)
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
			return this;
		}

		/**
		 * @return the store
		 * @throws LogtoConfigurationException naming the setting at fault
		 */
		public RedisSessionStore build() {
			if (this.secrets == null) {
				throw new LogtoConfigurationException("session-store.redis.secrets",
						"session-store.redis.secrets is required: sessions in Redis are encrypted with a key derived "
								+ "from the cookie secrets (logto.cookie.secrets)");
			}
			if (this.keyPrefix == null || this.keyPrefix.isEmpty()) {
				throw new LogtoConfigurationException("session-store.redis.key-prefix",
						"session-store.redis.key-prefix must not be empty");
			}
			if (this.maxSessionsPerSubject < 1) {
				throw new LogtoConfigurationException("session-store.redis.max-sessions-per-subject",
						"session-store.redis.max-sessions-per-subject must be at least 1");
			}
			if (this.recentSessionsMaxBytes < 0) {
				throw new LogtoConfigurationException("session-store.redis.recent-sessions-max-bytes",
						"session-store.redis.recent-sessions-max-bytes must not be negative");
			}
			StoreSettings.requirePositive("session-store.redis.timeout", this.timeout);
			StoreSettings.requirePositive("session-store.idle-timeout", this.idleTimeout);
			StoreSettings.requirePositive("session-store.absolute-timeout", this.absoluteTimeout);
			return new RedisSessionStore(this);
		}
	}
}
