package io.github.logtoreactive.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.lettuce.core.SetArgs;
import reactor.core.publisher.Mono;

import io.github.logtoreactive.internal.session.StoreObserver;
import io.github.logtoreactive.internal.session.StoreOperation;

/**
 * The refresh leases of the Redis store, shared by every instance using that Redis: a plain key
 * {@code <keyPrefix>lease:<id>} per session holding its owner, taken with {@code SET NX PX} (so it expires on its
 * own) and released by a compare-and-delete script ({@link RedisScripts#RELEASE_LEASE}), so that only its owner
 * releases it. Never blocks; errors with the channel's {@code SessionStoreException}.
 */
final class RedisRefreshLeases {

	private final RedisChannel channel;

	private final String keyPrefix;

	private final StoreObserver observer;

	/**
	 * @param channel the store's connection
	 * @param keyPrefix the prefix of every key of the store
	 * @param observer observes every acquisition and release
	 */
	RedisRefreshLeases(RedisChannel channel, String keyPrefix, StoreObserver observer) {
		this.channel = channel;
		this.keyPrefix = keyPrefix;
		this.observer = observer;
	}

	/**
	 * @param sessionId the session
	 * @param owner who takes the lease
	 * @param ttl when the lease expires unless released
	 * @return whether {@code owner} holds the lease now
	 */
	Mono<Boolean> tryAcquire(String sessionId, String owner, Duration ttl) {
		return this.observer.observe(StoreOperation.ACQUIRE_LEASE,
				this.channel
					.run("acquire lease", (redis) -> redis.set(key(sessionId), ascii(owner),
							SetArgs.Builder.nx().px(ttl.toMillis())))
					.map("OK"::equals)
					.defaultIfEmpty(Boolean.FALSE));
	}

	/**
	 * @param sessionId the session
	 * @param owner who took the lease; a lease held by another owner stays
	 * @return completes when released (or held by another)
	 */
	Mono<Void> release(String sessionId, String owner) {
		String[] keys = { key(sessionId) };
		byte[][] args = { ascii(owner) };
		return this.observer.observe(StoreOperation.RELEASE_LEASE,
				this.channel.script("release lease", RedisScripts.RELEASE_LEASE, keys, args).then());
	}

	private String key(String sessionId) {
		return this.keyPrefix + "lease:" + sessionId;
	}

	private static byte[] ascii(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}
}
