package io.github.logtoreactive;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTokenTests {

	private static final Instant ISSUED = Instant.parse("2026-03-01T10:00:00Z");

	private static AccessToken token(long lifetimeSeconds) {
		return new AccessToken("token", "read", ISSUED, ISSUED.plusSeconds(lifetimeSeconds));
	}

	@Test
	void needsRefreshFromExactlyTheSkewBeforeExpiry() {
		AccessToken token = token(3600);
		Instant refreshAt = ISSUED.plusSeconds(3600 - 60);
		assertThat(token.needsRefresh(refreshAt.minusNanos(1), Duration.ofSeconds(60))).isFalse();
		assertThat(token.needsRefresh(refreshAt, Duration.ofSeconds(60))).isTrue();
		assertThat(token.needsRefresh(refreshAt.plusNanos(1), Duration.ofSeconds(60))).isTrue();
	}

	@Test
	void needsRefreshWithASkewOfNanosecondsComparesTheNanoseconds() {
		AccessToken token = token(3600);
		Duration skew = Duration.ofSeconds(60, 250_000_000);
		Instant refreshAt = ISSUED.plusSeconds(3600).minus(skew);
		assertThat(token.needsRefresh(refreshAt.minusNanos(1), skew)).isFalse();
		assertThat(token.needsRefresh(refreshAt, skew)).isTrue();
	}

	@Test
	void needsRefreshCapsTheSkewAtHalfTheLifetime() {
		AccessToken token = token(100);
		Instant half = ISSUED.plusSeconds(50);
		assertThat(token.needsRefresh(half.minusNanos(1), Duration.ofSeconds(60))).isFalse();
		assertThat(token.needsRefresh(half, Duration.ofSeconds(60))).isTrue();
	}

	@Test
	void needsRefreshCapsTheSkewAtHalfAnOddLifetimeToTheNanosecond() {
		AccessToken token = token(101);
		Instant half = ISSUED.plusSeconds(50).plusMillis(500);
		assertThat(token.needsRefresh(half.minusNanos(1), Duration.ofHours(1))).isFalse();
		assertThat(token.needsRefresh(half, Duration.ofHours(1))).isTrue();
	}

	@Test
	void needsRefreshWhenExpiredAndNotBeforeTheSkewWithAZeroSkew() {
		AccessToken token = token(3600);
		Instant expiry = ISSUED.plusSeconds(3600);
		assertThat(token.needsRefresh(expiry.minusNanos(1), Duration.ZERO)).isFalse();
		assertThat(token.needsRefresh(expiry, Duration.ZERO)).isTrue();
		assertThat(token.needsRefresh(expiry.plusSeconds(86_400), Duration.ofSeconds(60))).isTrue();
		assertThat(token.needsRefresh(ISSUED.minusSeconds(10), Duration.ofSeconds(60))).isFalse();
	}

	@Test
	void needsRefreshAgreesWithTheDurationArithmeticItReplaces() {
		SplittableRandom random = new SplittableRandom(16);
		for (int i = 0; i < 200_000; i++) {
			long lifetime = random.nextLong(-5, 7200);
			AccessToken token = token(lifetime);
			Duration skew = Duration.ofSeconds(random.nextLong(0, 7200), random.nextInt(4) == 0 ? 0
					: random.nextInt(1_000_000_000));
			// around the two thresholds and anywhere in the lifetime, to the nanosecond
			Instant expiry = ISSUED.plusSeconds(lifetime);
			Instant now = switch (random.nextInt(3)) {
				case 0 -> expiry.minus(skew).plusNanos(random.nextLong(-2, 3));
				case 1 -> expiry.minus(Duration.ofSeconds(lifetime).dividedBy(2)).plusNanos(random.nextLong(-2, 3));
				default -> ISSUED.plusNanos(random.nextLong(-1_000_000_000L, 7_300_000_000_000L));
			};
			assertThat(token.needsRefresh(now, skew)).as("lifetime %s s, skew %s, now %s", lifetime, skew, now)
				.isEqualTo(reference(token, now, skew));
		}
	}

	/** The arithmetic {@link AccessToken#needsRefresh} used before it stopped allocating. */
	private static boolean reference(AccessToken token, Instant now, Duration skew) {
		Duration half = token.lifetime().dividedBy(2);
		Duration effective = skew.compareTo(half) > 0 ? half : skew;
		return !now.isBefore(token.expiresAt().minus(effective));
	}
}
