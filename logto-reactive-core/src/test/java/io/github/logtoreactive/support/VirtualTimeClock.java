package io.github.logtoreactive.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A clock that reads a {@link VirtualTimeScheduler}: given to an engine together with that scheduler, every time
 * decision of the library (expiry, deadlines, lease waits, backoff) follows one virtual time that a test moves with
 * {@link VirtualTimeScheduler#advanceTimeBy}.
 */
public final class VirtualTimeClock extends Clock {

	private final VirtualTimeScheduler scheduler;

	private final Instant start;

	public VirtualTimeClock(VirtualTimeScheduler scheduler, Instant start) {
		this.scheduler = scheduler;
		this.start = start;
	}

	@Override
	public Instant instant() {
		return this.start.plusNanos(this.scheduler.now(TimeUnit.NANOSECONDS));
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
