package io.github.logtoreactive.internal.token;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.support.ClusterSessionStore;
import io.github.logtoreactive.support.TestSessionBinding;
import io.github.logtoreactive.support.VirtualTimeClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster refresh lease, in virtual time: with a store shared by several instances, only the instance holding a
 * session's lease refreshes it; the others wait for its result, take over when the holder dies (its lease expires),
 * and give up at their deadline.
 */
@Timeout(30)
class ClusterRefreshLeaseTests {

	private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

	private static final TokenKey API = TokenKey.resource("https://api.example");

	/** How long a lease lives: a whole refresh, each attempt up to the response timeout (1 s), plus one. */
	private static final Duration LEASE_TTL = Duration.ofSeconds(2);

	/** How long another instance's refresh under its lease takes. */
	private static final Duration B_REFRESH = Duration.ofSeconds(1);

	/** How often a waiting instance looks at the store. */
	private static final Duration POLL = Duration.ofMillis(50);

	private VirtualTimeScheduler scheduler;

	private VirtualTimeClock clock;

	private ClusterSessionStore store;

	private LogtoLikeTokenEndpoint logto;

	private RefreshCoordinator coordinator;

	private LogtoSession expiredSession;

	@BeforeEach
	void setUp() {
		this.scheduler = VirtualTimeScheduler.create();
		this.clock = new VirtualTimeClock(this.scheduler, START);
		LogtoConfig config = LogtoConfig.builder()
			.endpoint("https://logto.example")
			.appId("app")
			.appSecret("secret")
			.responseTimeout(Duration.ofSeconds(1))
			.transientRetries(0)
			.build();
		this.store = new ClusterSessionStore(this.clock);
		this.logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		this.coordinator = new RefreshCoordinator(this.logto, Mono::just, config, this.clock, this.scheduler);
		this.expiredSession = LogtoSession.create("session-1", START)
			.withTokens("id.token.v1", "rt-0")
			.withAccessToken(API, new AccessToken("h.old.s", "", START.minusSeconds(7200), START.minusSeconds(3600)));
		assertThat(this.store.save(this.expiredSession, SessionStore.ABSENT).block()).isTrue();
	}

	@Test
	void obtainWhenTheLeaseIsFreeThenRefreshesHoldingItAndReleasesIt() {
		TestSessionBinding binding = new TestSessionBinding(this.expiredSession);

		StepVerifier.withVirtualTime(() -> obtain(binding), () -> this.scheduler, Long.MAX_VALUE)
			.assertNext(session -> assertThat(session.refreshToken()).isEqualTo("rt-1"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));

		assertThat(this.logto.requests.get()).isEqualTo(1);
		assertThat(this.store.leaseHolder("session-1")).as("released after the refresh").isNull();
		assertThat(binding.current().refreshToken()).isEqualTo("rt-1");
	}

	@Test
	void obtainWhenAnotherInstanceRefreshesUnderItsLeaseThenAdoptsItsTokensWithoutARequest() {
		LogtoSession rotatedByB = this.expiredSession.withTokens(null, "rt-b")
			.withAccessToken(API, new AccessToken("h.b.s", "", START.plusSeconds(1), START.plusSeconds(3601)));
		anotherInstanceRefreshesUnderItsLease(this.expiredSession, rotatedByB);

		whileInstanceBRefreshes(() -> obtain(new TestSessionBinding(this.expiredSession)), "waits for instance B")
			.assertNext(session -> {
				assertThat(session.refreshToken()).isEqualTo("rt-b");
				assertThat(session.accessToken(API).token()).isEqualTo("h.b.s");
			})
			.expectComplete()
			.verify(Duration.ofSeconds(5));

		assertThat(this.logto.requests.get()).as("instance B refreshed, this one did not").isZero();
		assertThat(this.coordinator.adoptionCount()).isEqualTo(1);
	}

	@Test
	void obtainWhenTheLeaseHolderDiesThenTakesOverOnceItsLeaseExpires() {
		holdLease("instance-b", LEASE_TTL);
		TestSessionBinding binding = new TestSessionBinding(this.expiredSession);

		StepVerifier.withVirtualTime(() -> obtain(binding), () -> this.scheduler, Long.MAX_VALUE)
			.expectSubscription()
			.as("waits while the holder's lease lives")
			.expectNoEvent(LEASE_TTL)
			.thenAwait(POLL)
			.assertNext(session -> {
				assertThat(session.refreshToken()).isEqualTo("rt-1");
				assertThat(session.accessToken(API).token()).startsWith("h.https://api.example-1");
			})
			.expectComplete()
			.verify(Duration.ofSeconds(5));

		assertThat(this.logto.requests.get()).as("one refresh, by the instance that took over").isEqualTo(1);
		assertThat(this.logto.invalidGrants.get()).isZero();
		assertThat(this.store.leaseHolder("session-1")).isNull();
		assertThat(binding.current().refreshToken()).isEqualTo("rt-1");
	}

	@Test
	void obtainWhenTheLeaseIsHeldPastTheWaitDeadlineThenTimeoutErrorAndSessionUntouched() {
		// A holder that is alive but stuck, renewing its lease: the waiter gives up after twice the lease's lifetime.
		holdLease("instance-b", Duration.ofDays(1));
		TestSessionBinding binding = new TestSessionBinding(this.expiredSession);

		StepVerifier.withVirtualTime(() -> obtain(binding), () -> this.scheduler, Long.MAX_VALUE)
			.expectSubscription()
			.expectNoEvent(LEASE_TTL.multipliedBy(2))
			.thenAwait(POLL)
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(LogtoTransportException.class,
					transport -> assertThat(transport.isTimeout()).isTrue()))
			.verify(Duration.ofSeconds(5));

		assertThat(this.logto.requests.get()).isZero();
		assertThat(binding.current()).isSameAs(this.expiredSession);
		assertThat(this.store.leaseHolder("session-1")).isEqualTo("instance-b");
	}

	@Test
	void obtainWhenAnotherInstanceRefreshedWithoutRotationThenAdoptsItsLaterExpiringAccessTokenWithoutARequest() {
		// Logto with refresh-token rotation off: instance B's refresh stored the same refresh token and a new access token.
		LogtoSession refreshedByB = this.expiredSession
			.withAccessToken(API, new AccessToken("h.b.s", "", START.plusSeconds(1), START.plusSeconds(3601)));
		anotherInstanceRefreshesUnderItsLease(this.expiredSession, refreshedByB);

		whileInstanceBRefreshes(() -> obtain(new TestSessionBinding(this.expiredSession)), "waits for instance B")
			.assertNext(session -> {
				assertThat(session.refreshToken()).isEqualTo("rt-0");
				assertThat(session.accessToken(API).token()).isEqualTo("h.b.s");
			})
			.expectComplete()
			.verify(Duration.ofSeconds(5));

		assertThat(this.logto.requests.get()).as("instance B refreshed, this one did not").isZero();
	}

	@Test
	void obtainForcedWhenAnotherInstanceHoldsTheLeaseThenWaitsForATokenNewerThanTheOneItHad() {
		LogtoSession freshSession = this.expiredSession
			.withAccessToken(API, new AccessToken("h.mine.s", "", START, START.plusSeconds(3600)));
		assertThat(this.store.save(freshSession, this.expiredSession.version()).block()).isTrue();
		LogtoSession stored = this.store.load("session-1").block();
		LogtoSession rotatedByB = stored.withTokens(null, "rt-b")
			.withAccessToken(API, new AccessToken("h.b.s", "", START.plusSeconds(1), START.plusSeconds(3601)));
		anotherInstanceRefreshesUnderItsLease(stored, rotatedByB);

		whileInstanceBRefreshes(
				() -> this.coordinator.obtain(stored, API, true, new TestSessionBinding(stored), this.store),
				"its own token is still fresh, but a forced refresh asked for a newer one")
			.assertNext(session -> assertThat(session.accessToken(API).token()).isEqualTo("h.b.s"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));

		assertThat(this.logto.requests.get()).as("instance B refreshed, this one did not").isZero();
	}

	private Mono<LogtoSession> obtain(TestSessionBinding binding) {
		return this.coordinator.obtain(this.expiredSession, API, false, binding, this.store);
	}

	/**
	 * Instance B takes the session's lease now, stores its refresh one second later (over {@code base}) and releases
	 * the lease.
	 */
	private void anotherInstanceRefreshesUnderItsLease(LogtoSession base, LogtoSession refreshedByB) {
		holdLease("instance-b", LEASE_TTL);
		this.scheduler.schedule(() -> {
			this.store.save(refreshedByB, base.version()).subscribe();
			this.store.releaseRefreshLease("session-1", "instance-b").subscribe();
		}, B_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * @param obtain this instance's request for a token
	 * @param waiting why it waits
	 * @return its verification, past the second instance B refreshes (nothing signalled) and this instance's next look
	 * at the store
	 */
	private StepVerifier.Step<LogtoSession> whileInstanceBRefreshes(Supplier<Mono<LogtoSession>> obtain,
			String waiting) {
		return StepVerifier.withVirtualTime(obtain, () -> this.scheduler, Long.MAX_VALUE)
			.expectSubscription()
			.as(waiting)
			.expectNoEvent(B_REFRESH)
			.thenAwait(POLL);
	}

	private void holdLease(String owner, Duration ttl) {
		assertThat(this.store.tryAcquireRefreshLease("session-1", owner, ttl).block()).isTrue();
	}
}
