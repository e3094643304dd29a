package io.github.logtoreactive.internal.signin;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code state}s whose authorization code this engine has already started to exchange, remembered until the
 * transaction would have expired. Logto revokes the whole grant when a code is redeemed twice, so a double-submitted
 * or replayed callback (e.g. from a stale cookie that still holds the transaction) must never reach the token
 * endpoint. Bounded: expired entries are purged, and at most {@link #MAX_ENTRIES} are kept. Thread-safe, lock-free.
 */
final class ConsumedStates {

	static final int MAX_ENTRIES = 100_000;

	private final Map<String, Instant> consumed = new ConcurrentHashMap<>();

	/**
	 * @param state the transaction's state
	 * @param forgetAt when the transaction would expire anyway
	 * @param now the current time
	 * @return {@code true} for the first caller with this state, {@code false} for every later one
	 */
	boolean consume(String state, Instant forgetAt, Instant now) {
		if (this.consumed.size() >= MAX_ENTRIES / 2) {
			this.consumed.values().removeIf(at -> !now.isBefore(at));
			if (this.consumed.size() >= MAX_ENTRIES) {
				// only under a flood of valid callbacks; forgetting re-opens just the double-submit window
				this.consumed.clear();
			}
		}
		return this.consumed.putIfAbsent(state, forgetAt) == null;
	}
}
