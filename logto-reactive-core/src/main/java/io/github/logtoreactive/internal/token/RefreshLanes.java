package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import org.jspecify.annotations.Nullable;

/**
 * The {@link RefreshLane}s of the sessions a {@link RefreshCoordinator} knows, and how long each is kept: for
 * {@link LogtoConfig#refreshResultRetention()} after its last use, or while the session is pinned because its tokens
 * changed after its response was committed ({@link #retain}, at most {@link LogtoConfig#pendingMaxSessions()} pins,
 * see {@link PinnedSessions}).
 *
 * <p>
 * Lanes are swept at most once per retention (at least 1 s), on the way of a request, so an idle engine holds no
 * timer. Every time decision is taken on the engine's {@link Clock}. Thread-safe and never blocks: the map's per-key
 * locks and the lanes' monitors are held only for in-memory updates.
 */
final class RefreshLanes {

	private static final long MIN_SWEEP_INTERVAL_MILLIS = 1_000;

	private final Map<String, RefreshLane> lanes = new ConcurrentHashMap<>();

	private final Function<String, RefreshLane> newLane;

	private final PinnedSessions pins;

	private final Clock clock;

	private final long sweepIntervalMillis;

	private final AtomicLong lastSweep = new AtomicLong();

	/**
	 * @param config the configuration (refresh-result retention, most pinned sessions)
	 * @param clock the engine's clock
	 */
	RefreshLanes(LogtoConfig config, Clock clock) {
		this.clock = clock;
		this.newLane = id -> new RefreshLane(id, clock);
		this.pins = new PinnedSessions(config.pendingMaxSessions());
		this.sweepIntervalMillis = Math.max(config.refreshResultRetention().toMillis(), MIN_SWEEP_INTERVAL_MILLIS);
	}

	/**
	 * Sweeps if due, then gives the session's lane, created when it has none.
	 * @param sessionId the session
	 * @return its lane
	 */
	RefreshLane open(String sessionId) {
		sweepIfDue();
		return this.lanes.computeIfAbsent(sessionId, this.newLane);
	}

	/**
	 * @param sessionId the session
	 * @return its lane, or {@code null} when none is kept
	 */
	@Nullable RefreshLane find(String sessionId) {
		return this.lanes.get(sessionId);
	}

	/**
	 * Merges a session whose response was already committed into its lane and pins the session until
	 * {@code ttl} from now; retaining it again renews the pin. Beyond the most pinned sessions the one pinned least
	 * recently is unpinned, and its lane then lasts only as long as an unpinned one.
	 * @param session the session after the change
	 * @param ttl how long to keep it if no request comes
	 */
	void retain(LogtoSession session, Duration ttl) {
		long now = this.clock.millis();
		// Atomic with the sweep's removal, so a lane swept at this very moment cannot swallow the change.
		this.lanes.compute(session.id(), (id, lane) -> {
			RefreshLane kept = lane != null ? lane : this.newLane.apply(id);
			kept.merge(session, null);
			return kept;
		});
		this.pins.pin(session.id(), now + ttl.toMillis());
	}

	/**
	 * Drops a session's lane and pin (sign-out).
	 * @param sessionId the session
	 */
	void forget(String sessionId) {
		this.lanes.remove(sessionId);
		this.pins.unpin(sessionId);
	}

	/**
	 * At most once per sweep interval: drops ended pins, and the lanes idle for longer than the retention that are not
	 * pinned. If the clock goes back, sweeps wait until it passes the last one again: lanes are then kept longer, never
	 * dropped early.
	 */
	private void sweepIfDue() {
		long now = this.clock.millis();
		long last = this.lastSweep.get();
		if (now - last < this.sweepIntervalMillis || !this.lastSweep.compareAndSet(last, now)) {
			return;
		}
		this.pins.dropEnded(now);
		long idleBefore = now - this.sweepIntervalMillis;
		for (String id : this.lanes.keySet()) {
			// Decided under the map's lock for this key, so a concurrent retain either sees the lane or runs after.
			this.lanes.computeIfPresent(id,
					(key, lane) -> lane.isIdleSince(idleBefore) && !this.pins.holds(key) ? null : lane);
		}
	}
}
