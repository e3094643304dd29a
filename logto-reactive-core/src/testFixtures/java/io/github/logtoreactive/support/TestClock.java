package io.github.logtoreactive.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand. Thread-safe.
 */
public final class TestClock extends Clock {

	private final AtomicReference<Instant> now;

	public TestClock(Instant start) {
		this.now = new AtomicReference<>(start);
	}

	public static TestClock startingNow() {
		return new TestClock(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
	}

	public void advance(Duration duration) {
		this.now.updateAndGet(t -> t.plus(duration));
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}
}
