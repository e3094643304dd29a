package io.github.logtoreactive.internal.signin;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumedStatesTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private static final Duration TRANSACTION_TTL = Duration.ofMinutes(10);

	private final ConsumedStates states = new ConsumedStates();

	private boolean consume(String state, Instant at) {
		return this.states.consume(state, at.plus(TRANSACTION_TTL), at);
	}

	@Test
	void consumeWhenSameStateAgainThenRefused() {
		assertThat(consume("state-a", NOW)).isTrue();
		assertThat(consume("state-a", NOW)).isFalse();
		assertThat(consume("state-b", NOW)).isTrue();
	}

	@Test
	void consumeWhenMaxEntriesOtherStatesConsumedSinceThenReplayStillRefused() {
		assertThat(consume("victim", NOW)).isTrue();
		for (int i = 1; i < ConsumedStates.MAX_ENTRIES; i++) {
			assertThat(consume("flood-" + i, NOW)).isTrue();
		}

		assertThat(consume("victim", NOW)).as("replay after a flood that filled the bound").isFalse();
		assertThat(this.states.size()).isEqualTo(ConsumedStates.MAX_ENTRIES);
	}

	@Test
	void consumeWhenFloodGoesBeyondTheBoundThenOnlyTheOldestAreForgotten() {
		int flood = ConsumedStates.MAX_ENTRIES + 10;
		for (int i = 0; i < flood; i++) {
			consume("state-" + i, NOW);
		}

		assertThat(this.states.size()).isEqualTo(ConsumedStates.MAX_ENTRIES);
		assertThat(consume("state-10", NOW)).as("the oldest kept").isFalse();
		assertThat(consume("state-" + (flood - 1), NOW)).as("the newest").isFalse();
		assertThat(consume("state-9", NOW)).as("forgotten: among the ten oldest").isTrue();
	}

	@Test
	void consumeWhenTransactionLifetimePassedThenStateDroppedAndNotBefore() {
		consume("state-a", NOW);
		Instant lastMoment = NOW.plus(TRANSACTION_TTL).minusMillis(1);

		assertThat(consume("state-b", lastMoment)).isTrue();
		assertThat(consume("state-a", lastMoment)).as("refused for the whole transaction lifetime").isFalse();

		assertThat(consume("state-c", NOW.plus(TRANSACTION_TTL))).isTrue();
		assertThat(this.states.size()).as("state-a dropped, state-b and state-c kept").isEqualTo(2);
	}
}
