package io.github.logtoreactive.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, so expiry and the refresh-token reuse window can be
 * tested without sleeping.
 *
 * <p>Thread-safe. Pass it to {@link LogtoTestServer.Builder#clock(Clock)} (and to the client under test):
 * <pre>{@code
 * MutableClock clock = MutableClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * LogtoTestServer server = LogtoTestServer.builder().clock(clock)...build().start();
 * clock.advance(Duration.ofSeconds(4));
 * }</pre>
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Instant> instant;

	private final ZoneId zone;

	private MutableClock(AtomicReference<Instant> instant, ZoneId zone) {
		this.instant = instant;
		this.zone = zone;
	}

	/**
	 * @param start the initial instant
	 * @return a UTC clock standing at {@code start}
	 */
	public static MutableClock startingAt(Instant start) {
		return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
	}

	/** @return a UTC clock standing at the current system time */
	public static MutableClock startingNow() {
		return startingAt(Instant.now());
	}

	/**
	 * Moves the clock forward (or backward, with a negative duration).
	 * @param duration how far to move
	 */
	public void advance(Duration duration) {
		Objects.requireNonNull(duration, "duration");
		this.instant.updateAndGet((current) -> current.plus(duration));
	}

	/**
	 * Sets the clock.
	 * @param newInstant the new current instant
	 */
	public void set(Instant newInstant) {
		this.instant.set(Objects.requireNonNull(newInstant, "newInstant"));
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	/** Returns a clock in another zone that shares this clock's time: moving one moves both. */
	@Override
	public Clock withZone(ZoneId newZone) {
		return new MutableClock(this.instant, Objects.requireNonNull(newZone, "newZone"));
	}

	@Override
	public Instant instant() {
		return this.instant.get();
	}

	@Override
	public String toString() {
		return "MutableClock[" + this.instant.get() + "," + this.zone + "]";
	}
}
