package io.github.logtoreactive.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A clock that reads a {@link VirtualTimeScheduler}, so that what code decides from the clock (expiry, rate limits)
 * and what it waits for on the scheduler agree while a test advances virtual time.
 */
public final class VirtualTimeClock extends Clock {

	private final VirtualTimeScheduler scheduler;

	private final Instant start;

	/**
	 * @param scheduler the virtual-time scheduler
	 * @param start the instant at the scheduler's virtual time zero
	 */
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
