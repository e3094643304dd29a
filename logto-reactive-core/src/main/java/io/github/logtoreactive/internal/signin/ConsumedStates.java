package io.github.logtoreactive.internal.signin;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The {@code state}s whose authorization code this engine has already started to exchange. Logto revokes the whole
 * grant when a code is redeemed twice, so a double-submitted or replayed callback (e.g. from a stale cookie that still
 * holds the transaction) must never reach the token endpoint.
 *
 * <p>
 * Each state is remembered until its transaction expires (after that the callback is refused as expired anyway), and
 * then dropped. Bounded: at most {@link #MAX_ENTRIES} states; beyond that the state consumed least recently is
 * forgotten, and only it, so a flood of callbacks never re-opens replay for the others.
 *
 * <p>
 * Thread-safe: every operation is a short critical section over an in-memory map, never held across I/O; never
 * blocks.
 */
final class ConsumedStates {

	static final int MAX_ENTRIES = 100_000;

	/** State to the time its transaction expires, in the order consumed: the least recently consumed first. */
	private final LinkedHashMap<String, Instant> consumed = new LinkedHashMap<>();

	/**
	 * @param state the transaction's state
	 * @param forgetAt when the transaction expires
	 * @param now the current time
	 * @return {@code true} for the first caller with this state, {@code false} for every later one
	 */
	synchronized boolean consume(String state, Instant forgetAt, Instant now) {
		dropExpired(now);
		if (this.consumed.containsKey(state)) {
			return false;
		}
		if (this.consumed.size() >= MAX_ENTRIES) {
			Iterator<String> oldest = this.consumed.keySet().iterator();
			oldest.next();
			oldest.remove();
		}
		this.consumed.put(state, forgetAt);
		return true;
	}

	/**
	 * @return how many states are remembered
	 */
	synchronized int size() {
		return this.consumed.size();
	}

	/**
	 * Drops the expired states at the head. Every state expires within one transaction lifetime of its consumption,
	 * and so does every state consumed before it: each is dropped (on the next call) one transaction lifetime after
	 * its consumption at the latest.
	 */
	private void dropExpired(Instant now) {
		Iterator<Instant> oldest = this.consumed.values().iterator();
		while (oldest.hasNext() && !now.isBefore(oldest.next())) {
			oldest.remove();
		}
	}
}
