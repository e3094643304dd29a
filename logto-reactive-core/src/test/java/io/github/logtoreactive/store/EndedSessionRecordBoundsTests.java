package io.github.logtoreactive.store;

import java.time.Duration;
import java.time.Instant;

import io.github.logtoreactive.support.TestClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of {@link InMemorySessionRevocations}: a full record drops only its oldest entry, a record of one entry
 * works, a full record of logout tokens refuses the tokens issued before the one it dropped, and ending a session
 * again never shortens how long it stays ended. Time moves on a {@link TestClock} only.
 */
class EndedSessionRecordBoundsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final TestClock clock = new TestClock(Instant.parse("2026-11-25T10:00:00Z"));

	private final Instant keep = this.clock.instant().plus(Duration.ofDays(30));

	@Test
	void endSessionWhenTheRecordIsFullThenOnlyTheOldestEntryIsDropped() {
		InMemorySessionRevocations record = new InMemorySessionRevocations(this.clock, 2);
		record.endSession("s1", this.keep).block(TIMEOUT);
		this.clock.advance(Duration.ofMinutes(1));
		Instant betweenFirstAndSecond = this.clock.instant().minusSeconds(30);
		record.endSession("s2", this.keep).block(TIMEOUT);
		this.clock.advance(Duration.ofMinutes(1));
		record.endSession("s3", this.keep).block(TIMEOUT);

		assertThat(record.isEnded("live", null, null, betweenFirstAndSecond).block(TIMEOUT))
			.as("started after the dropped entry ended: not ended").isFalse();
		assertThat(record.isEnded("s2", null, null, betweenFirstAndSecond).block(TIMEOUT)).isTrue();
	}

	@Test
	void endSessionWhenTheRecordHoldsOneEntryThenThatSessionIsEnded() {
		InMemorySessionRevocations record = new InMemorySessionRevocations(this.clock, 1);
		Instant started = this.clock.instant().minusSeconds(60);

		record.endSession("s1", this.keep).block(TIMEOUT);

		assertThat(record.isEnded("s1", null, null, started).block(TIMEOUT)).isTrue();
		assertThat(record.isEnded("s2", null, null, started).block(TIMEOUT)).isFalse();
	}

	@Test
	void useLogoutTokenWhenTheRecordIsFullThenTokensIssuedBeforeTheDroppedOneAreRefused() {
		InMemorySessionRevocations record = new InMemorySessionRevocations(this.clock, 1);
		Instant first = this.clock.instant();
		assertThat(record.useLogoutToken("jti-1", first, this.keep).block(TIMEOUT)).isTrue();
		assertThat(record.useLogoutToken("jti-2", first.plusSeconds(10), this.keep).block(TIMEOUT)).isTrue();

		assertThat(record.useLogoutToken("jti-1", first, this.keep).block(TIMEOUT)).as("dropped, still refused")
			.isFalse();
		assertThat(record.useLogoutToken("jti-3", first.plusSeconds(20), this.keep).block(TIMEOUT)).isTrue();
	}

	@Test
	void endSessionWhenEndedAgainWithAnEarlierKeepUntilThenStillEndedUntilTheLaterOne() {
		InMemorySessionRevocations record = new InMemorySessionRevocations(this.clock, 10);
		Instant started = this.clock.instant().minusSeconds(60);
		record.endSession("s1", this.keep).block(TIMEOUT);
		record.endSession("s1", this.clock.instant().plus(Duration.ofMinutes(5))).block(TIMEOUT);

		this.clock.advance(Duration.ofMinutes(10));

		assertThat(record.isEnded("s1", null, null, started).block(TIMEOUT)).isTrue();
	}
}
