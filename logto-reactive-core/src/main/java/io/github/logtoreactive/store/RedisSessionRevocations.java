package io.github.logtoreactive.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.SessionStoreException;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@link SessionRevocations} in Redis, on Lettuce's reactive API: a session ended on one instance is refused by every
 * instance using the same Redis.
 *
 * <p>
 * <b>Layout.</b> One plain key per entry, {@code <keyPrefix>i:<session id>}, {@code <keyPrefix>d:<sid>},
 * {@code <keyPrefix>u:<sub>} (value: the logout time in epoch milliseconds) and {@code <keyPrefix>j:<jti>}, each
 * with a TTL of what is left until its keep-until time (default prefix {@code logto:ended:}). Recording is one
 * {@code SET ... PX}; a logout token's first use is {@code SET ... NX PX}; checking a session is one {@code MGET}.
 * A later logout of a subject replaces the earlier one (the later time ends more sessions). Bounded by Redis itself:
 * every key expires; size Redis' memory for the sign-outs of one absolute timeout.
 *
 * <p>
 * <b>Connection.</b> Either its own, opened from a client and URI ({@link #builder(RedisClient, RedisURI)}), or the
 * one of a {@link RedisSessionStore} ({@link #builder(RedisSessionStore)}): the record then lives in the store's Redis
 * and a request's load and check go out together on that one connection.
 *
 * <p>
 * <b>Failures.</b> Every command is bounded by the configured timeout; Redis down, slow or unreachable signals
 * {@link SessionStoreException} within that time (the library answers 503 and never signs in a session it could not
 * check). Never blocks.
 *
 * <pre>{@code
 * RedisSessionRevocations revocations = RedisSessionRevocations.builder(client, RedisURI.create("redis://localhost"))
 *     .build();
 * }</pre>
 */
public final class RedisSessionRevocations implements SessionRevocations, AutoCloseable {

	private final RedisChannel channel;

	private final String keyPrefix;

	private final Clock clock;

	private RedisSessionRevocations(Builder b) {
		this.keyPrefix = b.keyPrefix;
		this.clock = b.clock;
		this.channel = b.store != null ? b.store.channel().sharing(b.timeout, b.scheduler)
				: RedisChannel.connecting(Objects.requireNonNull(b.client), Objects.requireNonNull(b.uri), b.timeout,
						b.scheduler);
	}

	/**
	 * @param client the Lettuce client (its lifecycle stays the application's)
	 * @param uri where Redis is
	 * @return a builder; the record connects lazily, without blocking, on first use
	 */
	public static Builder builder(RedisClient client, RedisURI uri) {
		Builder b = new Builder();
		b.client = Objects.requireNonNull(client, "client");
		b.uri = Objects.requireNonNull(uri, "uri");
		return b;
	}

	/**
	 * @param store the Redis session store whose Redis and connection the record shares (closing the record leaves
	 * them open)
	 * @return a builder, with the store's timeout
	 */
	public static Builder builder(RedisSessionStore store) {
		Builder b = new Builder();
		b.store = Objects.requireNonNull(store, "store");
		b.timeout = store.channel().timeout();
		return b;
	}

	@Override
	public Mono<Void> endSession(String sessionId, Instant keepUntil) {
		return set("i:" + sessionId, this.clock.instant(), keepUntil);
	}

	@Override
	public Mono<Void> endLogtoSession(String sid, Instant keepUntil) {
		return set("d:" + sid, this.clock.instant(), keepUntil);
	}

	@Override
	public Mono<Void> endSubject(String sub, Instant endedAt, Instant keepUntil) {
		return set("u:" + sub, endedAt, keepUntil);
	}

	private Mono<Void> set(String key, Instant at, Instant keepUntil) {
		return Mono.defer(() -> {
			long ttl = ttlMillis(keepUntil);
			if (ttl <= 0) {
				return Mono.empty();
			}
			return this.channel.run("record an ended session", redis -> redis.set(this.keyPrefix + key,
					epochMillis(at), SetArgs.Builder.px(ttl))).then();
		});
	}

	@Override
	public Mono<Boolean> isEnded(String sessionId, @Nullable String sid, @Nullable String sub, Instant createdAt) {
		List<String> keys = new ArrayList<>(3);
		keys.add(this.keyPrefix + "i:" + sessionId);
		if (sid != null) {
			keys.add(this.keyPrefix + "d:" + sid);
		}
		if (sub != null) {
			keys.add(this.keyPrefix + "u:" + sub);
		}
		return this.channel
			.run("check an ended session", redis -> redis.mget(keys.toArray(String[]::new)).collectList())
			.map(values -> {
				for (KeyValue<String, byte[]> value : values) {
					if (!value.hasValue()) {
						continue;
					}
					if (!value.getKey().startsWith(this.keyPrefix + "u:")) {
						return Boolean.TRUE;
					}
					if (!createdAt.isAfter(endedAt(value.getValue()))) {
						return Boolean.TRUE;
					}
				}
				return Boolean.FALSE;
			});
	}

	@Override
	public Mono<Boolean> useLogoutToken(String jti, Instant issuedAt, Instant keepUntil) {
		return Mono.defer(() -> {
			long ttl = Math.max(1, ttlMillis(keepUntil));
			return this.channel
				.run("record a logout token", redis -> redis.set(this.keyPrefix + "j:" + jti, epochMillis(issuedAt),
						SetArgs.Builder.nx().px(ttl)))
				.map("OK"::equals)
				.defaultIfEmpty(Boolean.FALSE);
		});
	}

	/**
	 * @return {@code true}: every instance using this Redis shares the record
	 */
	@Override
	public boolean isClusterScoped() {
		return true;
	}

	/**
	 * Closes the connection this record opened, without waiting (the client stays the application's); a record
	 * built on a store leaves the store's connection open.
	 */
	@Override
	public void close() {
		this.channel.close();
	}

	private long ttlMillis(Instant keepUntil) {
		return Duration.between(this.clock.instant(), keepUntil).toMillis();
	}

	private static byte[] epochMillis(Instant at) {
		return Long.toString(at.toEpochMilli()).getBytes(StandardCharsets.US_ASCII);
	}

	private static Instant endedAt(byte[] value) {
		try {
			return Instant.ofEpochMilli(Long.parseLong(new String(value, StandardCharsets.US_ASCII)));
		}
		catch (NumberFormatException ex) {
			// not written by this class: refuse every session of the subject rather than sign one in
			return Instant.MAX;
		}
	}

	/**
	 * Builds a {@link RedisSessionRevocations}.
	 */
	public static final class Builder {

		private @Nullable RedisClient client;

		private @Nullable RedisURI uri;

		private @Nullable RedisSessionStore store;

		private String keyPrefix = "logto:ended:";

		private Duration timeout = Duration.ofSeconds(2);

		private Clock clock = Clock.systemUTC();

		private Scheduler scheduler = Schedulers.parallel();

		private Builder() {
		}

		/**
		 * @param keyPrefix the prefix of every key (default {@code logto:ended:})
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
		 * @param clock the engine's clock (TTLs run from it)
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
		 * @return the record
		 * @throws LogtoConfigurationException naming the setting at fault
		 */
		public RedisSessionRevocations build() {
			if (this.keyPrefix == null || this.keyPrefix.isEmpty()) {
				throw new LogtoConfigurationException("session.revocations.key-prefix",
						"session.revocations.key-prefix must not be empty");
			}
			StoreSettings.requirePositive("session-store.redis.timeout", this.timeout);
			return new RedisSessionRevocations(this);
		}
	}
}
