package io.github.logtoreactive.store;

import io.github.logtoreactive.support.TestClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import io.github.logtoreactive.LogtoSession;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class InMemorySessionStoreTests {

	private final TestClock clock = new TestClock(RealisticSessions.NOW);

	private final InMemorySessionStore store = InMemorySessionStore.builder()
		.maxEntries(3)
		.idleTimeout(Duration.ofHours(1))
		.absoluteTimeout(Duration.ofHours(5))
		.clock(this.clock)
		.build();

	static LogtoSession session(String id) {
		return LogtoSession.create(id, RealisticSessions.NOW).withTokens("id-token", "refresh-1");
	}

	@Test
	void saveWhenExpectedVersionMatchesThenWrittenElseRefused() {
		LogtoSession v1 = session("session-a");

		StepVerifier.create(this.store.save(v1, SessionStore.ABSENT)).expectNext(true).verifyComplete();
		StepVerifier.create(this.store.save(v1.withTokens(null, "refresh-2"), SessionStore.ABSENT))
			.expectNext(false)
			.verifyComplete();
		StepVerifier.create(this.store.save(v1.withTokens(null, "refresh-2"), v1.version()))
			.expectNext(true)
			.verifyComplete();
		StepVerifier.create(this.store.save(v1.withTokens(null, "refresh-old"), v1.version()))
			.expectNext(false)
			.verifyComplete();
		StepVerifier.create(this.store.load("session-a").map(LogtoSession::refreshToken))
			.expectNext("refresh-2")
			.verifyComplete();
	}

	@Test
	void saveWhenVersionNotAboveExpectedThenIllegalArgument() {
		StepVerifier.create(this.store.save(session("session-a"), 5))
			.expectError(IllegalArgumentException.class)
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void saveWhenManyConcurrentWritersFromSameVersionThenExactlyOneWins() {
		LogtoSession v1 = session("session-a");
		this.store.save(v1, SessionStore.ABSENT).block();
		AtomicInteger wins = new AtomicInteger();

		Flux<Boolean> writers = Flux.range(0, 50)
			.flatMap((i) -> this.store.save(v1.withTokens(null, "refresh-" + i), v1.version())
				.subscribeOn(Schedulers.parallel()));

		StepVerifier.create(writers.doOnNext((won) -> {
			if (won) {
				wins.incrementAndGet();
			}
		})).expectNextCount(50).verifyComplete();
		assertThat(wins).hasValue(1);
	}

	@Test
	void loadWhenIdleTimeoutPassedSinceLastWriteThenEmpty() {
		this.store.save(session("session-a"), SessionStore.ABSENT).block();
		this.clock.advance(Duration.ofMinutes(59));
		StepVerifier.create(this.store.load("session-a")).expectNextCount(1).verifyComplete();

		this.clock.advance(Duration.ofMinutes(1));

		StepVerifier.create(this.store.load("session-a")).verifyComplete();
		StepVerifier.create(this.store.save(session("session-a"), SessionStore.ABSENT)).expectNext(true)
			.verifyComplete();
	}

	@Test
	void loadWhenAbsoluteTimeoutPassedThenEmptyEvenIfRecentlyWritten() {
		LogtoSession session = session("session-a");
		this.store.save(session, SessionStore.ABSENT).block();
		long version = session.version();
		for (int i = 0; i < 6; i++) {
			this.clock.advance(Duration.ofMinutes(59));
			LogtoSession next = session.withVersion(version + 1);
			this.store.save(next, version).block();
			version++;
		}

		StepVerifier.create(this.store.load("session-a")).verifyComplete();
	}

	@Test
	void saveWhenMoreThanMaxEntriesThenLeastRecentlyUsedEvicted() {
		for (String id : new String[] { "s1", "s2", "s3" }) {
			this.store.save(session(id), SessionStore.ABSENT).block();
		}
		this.store.load("s1").block();

		this.store.save(session("s4"), SessionStore.ABSENT).block();

		assertThat(this.store.size()).isEqualTo(3);
		StepVerifier.create(this.store.load("s2")).verifyComplete();
		StepVerifier.create(this.store.load("s1")).expectNextCount(1).verifyComplete();
	}

	@Test
	void saveWhenFloodOfNewSessionsThenBoundHoldsAndOnlyTheLeastRecentlyUsedAreEvicted() {
		InMemorySessionStore store = InMemorySessionStore.builder().maxEntries(100).clock(this.clock).build();
		store.save(session("in-use"), SessionStore.ABSENT).block();

		for (int i = 0; i < 10_000; i++) {
			store.save(session("flood-" + i), SessionStore.ABSENT).block();
			if (i % 10 == 0) {
				assertThat(store.load("in-use").block()).as("read by its user agent").isNotNull();
			}
		}

		assertThat(store.size()).isEqualTo(100);
		StepVerifier.create(store.load("in-use")).expectNextCount(1).verifyComplete();
		StepVerifier.create(store.load("flood-9901")).as("the 99 newest").expectNextCount(1).verifyComplete();
		StepVerifier.create(store.load("flood-9900")).verifyComplete();
	}

	@Test
	void loadWhenIdleTimeoutPassesDuringChurnThenExpiredOnTheStoreClock() {
		InMemorySessionStore store = InMemorySessionStore.builder()
			.maxEntries(100)
			.idleTimeout(Duration.ofHours(1))
			.clock(this.clock)
			.build();
		LogtoSession a = session("session-a");
		store.save(a, SessionStore.ABSENT).block();
		for (int minute = 1; minute < 60; minute++) {
			this.clock.advance(Duration.ofMinutes(1));
			store.save(session("churn-" + minute), SessionStore.ABSENT).block();
		}
		StepVerifier.create(store.save(a.withVersion(a.version() + 1), a.version()))
			.as("written again before its idle timeout")
			.expectNext(true)
			.verifyComplete();

		this.clock.advance(Duration.ofMinutes(59));
		StepVerifier.create(store.load("session-a")).expectNextCount(1).verifyComplete();
		this.clock.advance(Duration.ofMinutes(1));

		StepVerifier.create(store.load("session-a")).verifyComplete();
		assertThat(store.size()).as("its place freed when read; the churn expires likewise").isEqualTo(59);
		StepVerifier.create(store.load("churn-59")).verifyComplete();
	}

	@Test
	void deleteWhenPresentOrAbsentThenGone() {
		this.store.save(session("session-a"), SessionStore.ABSENT).block();

		StepVerifier.create(this.store.delete("session-a").then(this.store.delete("nothing"))).verifyComplete();
		StepVerifier.create(this.store.load("session-a")).verifyComplete();
	}

	@Test
	void tryAcquireRefreshLeaseWhenNotClusterScopedThenAlwaysGranted() {
		assertThat(this.store.isClusterScoped()).isFalse();
		StepVerifier.create(this.store.tryAcquireRefreshLease("s", "o", Duration.ofSeconds(1))).expectNext(true)
			.verifyComplete();
	}
}
