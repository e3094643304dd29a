package io.github.logtoreactive.internal.token;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The sessions whose tokens the {@link RefreshCoordinator} keeps past the refresh-result retention, because they
 * changed after their response was committed: each until its pin ends, at most {@code limit} at once.
 *
 * <p>
 * One entry per session, so pinning the same session again (a streaming response saving on every event) never counts
 * twice: it moves the session to the newest position, with the new end. Beyond the limit the session pinned
 * least recently is unpinned, and only it.
 *
 * <p>
 * Thread-safe: every operation is a short critical section over an in-memory map, never held across I/O; never
 * blocks. Times are milliseconds of the engine's clock.
 */
final class PinnedSessions {

	private final int limit;

	/** Session id to the end of its pin, in pin order: the least recently pinned first. */
	private final LinkedHashMap<String, Long> pins = new LinkedHashMap<>();

	/**
	 * @param limit the most sessions pinned at once ({@link io.github.logtoreactive.LogtoConfig#pendingMaxSessions()},
	 * at least 1)
	 */
	PinnedSessions(int limit) {
		this.limit = limit;
	}

	/**
	 * Pins a session until {@code untilMillis}; a session pinned again moves to the newest position, with the new end.
	 * @param sessionId the session
	 * @param untilMillis when the pin ends
	 */
	synchronized void pin(String sessionId, long untilMillis) {
		this.pins.remove(sessionId);
		this.pins.put(sessionId, untilMillis);
		if (this.pins.size() > this.limit) {
			Iterator<String> oldest = this.pins.keySet().iterator();
			oldest.next();
			oldest.remove();
		}
	}

	/**
	 * @param sessionId a session
	 * @return whether the session is pinned (until {@link #dropEnded} drops its pin)
	 */
	synchronized boolean holds(String sessionId) {
		return this.pins.containsKey(sessionId);
	}

	/**
	 * @param sessionId a session to unpin (signed out); nothing happens when it is not pinned
	 */
	synchronized void unpin(String sessionId) {
		this.pins.remove(sessionId);
	}

	/**
	 * Drops the pins that ended.
	 * @param nowMillis the current time
	 */
	synchronized void dropEnded(long nowMillis) {
		this.pins.values().removeIf(until -> nowMillis >= until);
	}
}
