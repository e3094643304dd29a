package io.github.logtoreactive;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound allowances for the test JVMs, each with its reason. Registered through
 * {@code META-INF/services/reactor.blockhound.integration.BlockHoundIntegration} in the unpublished
 * {@code test-support} module, a test dependency of every module, so every module's tests use the same list.
 */
public final class LogtoTestBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		// Lettuce guards its command queue with a ReentrantLock held only to update writer counters (never across
		// I/O). Under contention lock() parks for microseconds, which BlockHound reports; the error it throws inside
		// that critical section leaves Lettuce's SharedLock wedged forever (redis/lettuce #3804, #3880), hanging the
		// test instead of failing it.
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "unlockWritersExclusive");
		// Netty 4.2's adaptive buffer allocator guards its per-thread magazines with StampedLocks; growing or
		// freeing a magazine under contention parks for a moment inside Netty itself (seen on a loaded 2-core CI
		// machine). That is the allocator's own bookkeeping, not I/O.
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "allocate");
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "free");
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "allocate");
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
		// Caffeine (the client-credentials cache) applies its eviction policy under a ReentrantLock, on the calling
		// thread (executor Runnable::run). Only when writers outpace that upkeep and its write buffer is full does a
		// writer wait for the lock in BoundedLocalCache.lock(), to do the upkeep itself: back-pressure over in-memory
		// bookkeeping held for microseconds, never across I/O (the cache has no loader or listener doing work).
		builder.allowBlockingCallsInside("com.github.benmanes.caffeine.cache.BoundedLocalCache", "lock");
	}
}
