package io.github.logtoreactive.web;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The mutable counters behind {@link RequestSessions#statistics()}.
 */
final class SessionCounters {

	private final AtomicLong afterCommitSaves = new AtomicLong();

	private final AtomicLong cookieWrites = new AtomicLong();

	private final AtomicLong cookieBytes = new AtomicLong();

	private final AtomicLong maxCookieBytes = new AtomicLong();

	private final AtomicLong maxChunks = new AtomicLong();

	private final AtomicLong oversizedSessions = new AtomicLong();

	void afterCommitSave() {
		this.afterCommitSaves.incrementAndGet();
	}

	void cookieWritten(int bytes, int chunks) {
		this.cookieWrites.incrementAndGet();
		this.cookieBytes.addAndGet(bytes);
		this.maxCookieBytes.accumulateAndGet(bytes, Math::max);
		this.maxChunks.accumulateAndGet(chunks, Math::max);
	}

	void oversizedSession() {
		this.oversizedSessions.incrementAndGet();
	}

	SessionStatistics snapshot() {
		return new SessionStatistics(this.afterCommitSaves.get(), this.cookieWrites.get(), this.cookieBytes.get(),
				this.maxCookieBytes.get(), this.maxChunks.get(), this.oversizedSessions.get());
	}
}
