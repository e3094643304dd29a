package io.github.logtoreactive.webflux;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Mutable counters of one {@link LogtoWebFilter}; {@link LogtoWebFilter#statistics()} takes snapshots.
 */
final class FilterStatistics {

	final AtomicLong afterCommitSaves = new AtomicLong();

	final AtomicLong cookieWrites = new AtomicLong();

	final AtomicLong cookieBytes = new AtomicLong();

	final AtomicLong maxCookieBytes = new AtomicLong();

	final AtomicLong maxChunks = new AtomicLong();

	final AtomicLong oversizedSessions = new AtomicLong();

	final AtomicLong callbackFailures = new AtomicLong();

	final AtomicLong refusedCrossSite = new AtomicLong();

	void recordCookie(int bytes, int chunks) {
		this.cookieWrites.incrementAndGet();
		this.cookieBytes.addAndGet(bytes);
		this.maxCookieBytes.accumulateAndGet(bytes, Math::max);
		this.maxChunks.accumulateAndGet(chunks, Math::max);
	}

	LogtoWebFilter.Statistics snapshot() {
		return new LogtoWebFilter.Statistics(this.afterCommitSaves.get(), this.cookieWrites.get(),
				this.cookieBytes.get(), this.maxCookieBytes.get(), this.maxChunks.get(), this.oversizedSessions.get(),
				this.callbackFailures.get(), this.refusedCrossSite.get());
	}
}
