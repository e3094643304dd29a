package io.github.logtoreactive.store;

import io.github.logtoreactive.support.TestClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.web.StoreSessionBindingTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real {@code redis-server} started by {@link RedisServerHarness}.
 */
@Timeout(60)
class RedisSessionStoreTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private static final TestClock clock = new TestClock(RealisticSessions.NOW);

	private static RedisServerHarness redis;

	private static ClientResources resources;

	private static RedisClient client;

	private static RedisSessionStore store;

	private static StatefulRedisConnection<String, String> inspector;

	@BeforeAll
	static void startRedis() {
		redis = RedisServerHarness.start();
		resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(100))).build();
		client = RedisClient.create(resources);
		client.setOptions(ClientOptions.builder().autoReconnect(true).build());
		// Generous: this store's tests are not about timeouts, and a loaded machine must not fail them (the timeout
		// tests build their own store, timed in virtual time).
		store = RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.timeout(Duration.ofSeconds(5))
			.idleTimeout(Duration.ofHours(1))
			.clock(clock)
			.build();
		inspector = client.connect(RedisURI.create(redis.uri()));
	}

	@AfterAll
	static void stopRedis() {
		store.close();
		inspector.close();
		client.shutdown();
		resources.shutdown();
		redis.close();
	}

	static LogtoSession session() {
		return LogtoSession.create(SessionIdCookieCodec.newSessionId(), RealisticSessions.NOW)
			.withTokens("id-token", "refresh-1");
	}

	@Test
	void saveThenLoadWhenRealisticSessionThenSameSessionWithTtl() {
		LogtoSession session = RealisticSessions.issueSession().withVersion(1);

		StepVerifier.create(store.save(session, SessionStore.ABSENT)).expectNext(true).expectComplete().verify(Duration.ofSeconds(5));
		StepVerifier.create(store.load(session.id())).expectNext(session).expectComplete().verify(Duration.ofSeconds(5));

		long ttl = inspector.sync().pttl("logto:session:" + session.id());
		assertThat(ttl).isBetween(Duration.ofMinutes(59).toMillis(), Duration.ofHours(1).toMillis());
		assertThat(inspector.sync().hget("logto:session:" + session.id(), "v")).isEqualTo("1");
	}

	@Test
	void saveWhenFiftyConcurrentWritersFromSameVersionThenExactlyOneWins() {
		LogtoSession v1 = session();
		store.save(v1, SessionStore.ABSENT).block(Duration.ofSeconds(5));
		AtomicInteger wins = new AtomicInteger();

		Flux<Boolean> writers = Flux.range(0, 50)
			.flatMap((i) -> store.save(v1.withTokens(null, "refresh-" + i), v1.version())
				.subscribeOn(Schedulers.parallel()));

		StepVerifier.create(writers.doOnNext((won) -> {
			if (won) {
				wins.incrementAndGet();
			}
		})).expectNextCount(50).verifyComplete();
		assertThat(wins).hasValue(1);
		LogtoSession stored = store.load(v1.id()).block(Duration.ofSeconds(5));
		assertThat(stored.version()).isEqualTo(v1.version() + 1);
		assertThat(stored.refreshToken()).startsWith("refresh-");
	}

	@Test
	void saveWhenExpectingAbsentButPresentThenRefused() {
		LogtoSession v1 = session();
		store.save(v1, SessionStore.ABSENT).block(Duration.ofSeconds(5));

		StepVerifier.create(store.save(v1.withTokens(null, "other"), SessionStore.ABSENT))
			.expectNext(false)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(store.save(v1.withTokens(null, "stale"), v1.version() - 1))
			.expectNext(false)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void deleteWhenPresentThenGone() {
		LogtoSession v1 = session();
		store.save(v1, SessionStore.ABSENT).block(Duration.ofSeconds(5));

		StepVerifier.create(store.delete(v1.id()).then(store.load(v1.id()))).verifyComplete();
		assertThat(inspector.sync().exists("logto:session:" + v1.id())).isZero();
	}

	@Test
	void loadWhenAbsoluteTimeoutPassedThenEmpty() {
		LogtoSession old = LogtoSession.create(SessionIdCookieCodec.newSessionId(),
				RealisticSessions.NOW.minus(Duration.ofDays(31))).withTokens("id", "refresh");
		store.save(old, SessionStore.ABSENT).block(Duration.ofSeconds(5));

		StepVerifier.create(store.load(old.id())).verifyComplete();
		// Kept at most 1 s of Redis's real time (or already gone: -2), never without expiry (-1).
		assertThat(inspector.sync().pttl("logto:session:" + old.id())).isNotEqualTo(-1L).isLessThanOrEqualTo(1000L);
	}

	@Test
	void tryAcquireRefreshLeaseWhenHeldThenOthersRefusedAndOnlyOwnerReleases() {
		String id = SessionIdCookieCodec.newSessionId();
		// Redis expires the lease in real time; a minute outlives the test's steps on any machine.
		Duration ttl = Duration.ofMinutes(1);

		StepVerifier.create(store.tryAcquireRefreshLease(id, "instance-a", ttl)).expectNext(true).verifyComplete();
		StepVerifier.create(store.tryAcquireRefreshLease(id, "instance-b", ttl)).expectNext(false).verifyComplete();
		StepVerifier.create(store.releaseRefreshLease(id, "instance-b")).verifyComplete();
		StepVerifier.create(store.tryAcquireRefreshLease(id, "instance-c", ttl)).expectNext(false).verifyComplete();
		assertThat(inspector.sync().pttl("logto:session:lease:" + id)).isBetween(1L, ttl.toMillis());
		StepVerifier.create(store.releaseRefreshLease(id, "instance-a")).verifyComplete();
		StepVerifier.create(store.tryAcquireRefreshLease(id, "instance-b", ttl)).expectNext(true).verifyComplete();
		assertThat(store.isClusterScoped()).isTrue();
	}

	@Test
	void tryAcquireRefreshLeaseWhenManyInstancesRaceThenExactlyOneGetsIt() {
		String id = SessionIdCookieCodec.newSessionId();

		Flux<Boolean> racers = Flux.range(0, 20)
			.flatMap((i) -> store.tryAcquireRefreshLease(id, "instance-" + i, Duration.ofSeconds(5))
				.subscribeOn(Schedulers.parallel()));

		StepVerifier.create(racers.filter(Boolean::booleanValue).count()).expectNext(1L).verifyComplete();
	}

	@Test
	void bindingWhenSlowerRequestSavesOlderStateThenNewerRefreshTokenKept() {
		StoreSessionBindingTests.slowerRequestNeverPutsBackAnOlderRefreshToken(store);
	}

	/**
	 * A store whose timeouts run in virtual time, over its own connection to the same Redis: Redis's slowness or death
	 * is real (the subject), the store's timeout is decided by the scheduler alone, with no wall-clock margin.
	 */
	static RedisSessionStore storeTimedBy(VirtualTimeScheduler time) {
		return RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.timeout(TIMEOUT)
			.idleTimeout(Duration.ofHours(1))
			.clock(clock)
			.scheduler(time)
			.build();
	}

	static Throwable failureAfter(VirtualTimeScheduler time, Duration wait, Mono<?> operation) {
		CompletableFuture<?> pending = operation.toFuture();
		time.advanceTimeBy(wait);
		try {
			pending.get(3, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (Exception ex) {
			throw new AssertionError("no outcome", ex);
		}
		throw new AssertionError("expected a failure, got a value");
	}

	@Test
	void operationsWhenRedisTooSlowThenTimeoutErrorAndNothingHalfWritten() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		try (RedisSessionStore timed = storeTimedBy(time)) {
			LogtoSession v1 = session();
			timed.save(v1, SessionStore.ABSENT).block(Duration.ofSeconds(5));
			// Redis stops answering for 3 s of real time; the store gives up after its 500 ms of virtual time.
			inspector.sync().clientPause(3000);

			assertThat(failureAfter(time, TIMEOUT, timed.save(v1.withTokens(null, "refresh-2"), v1.version())))
				.isInstanceOf(SessionStoreException.class)
				.hasMessage("Redis did not answer save within 500 ms");
			assertThat(failureAfter(time, TIMEOUT, timed.load(v1.id())))
				.isInstanceOfSatisfying(SessionStoreException.class,
						(e) -> assertThat(e.code()).isEqualTo("session_store.unavailable"))
				.hasMessage("Redis did not answer load within 500 ms");

			// Once Redis answers again, the session is the old or the new one, never a mix.
			LogtoSession stored = Mono.defer(() -> store.load(v1.id()))
				.retryWhen(reactor.util.retry.Retry.fixedDelay(50, Duration.ofMillis(100)))
				.block(Duration.ofSeconds(10));
			assertThat(stored.version()).isIn(v1.version(), v1.version() + 1);
			assertThat(stored.refreshToken()).isEqualTo((stored.version() == v1.version()) ? "refresh-1" : "refresh-2");
		}
	}

	@Test
	void operationsWhenRedisKilledThenTypedErrorWithinTimeoutThenRecoveryAfterRestart() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		try (RedisSessionStore timed = storeTimedBy(time)) {
			LogtoSession before = session();
			timed.save(before, SessionStore.ABSENT).block(Duration.ofSeconds(5));

			redis.kill();
			try {
				for (Mono<?> operation : new Mono<?>[] { timed.load(before.id()),
						timed.save(before.withTokens(null, "refresh-2"), before.version()), timed.delete(before.id()),
						timed.tryAcquireRefreshLease(before.id(), "me", Duration.ofSeconds(1)) }) {
					assertThat(failureAfter(time, TIMEOUT, operation)).isInstanceOf(SessionStoreException.class)
						.hasMessageContaining("Redis");
				}
			}
			finally {
				redis.restart();
			}

			LogtoSession after = session();
			StepVerifier.create(Mono.defer(() -> store.save(after, SessionStore.ABSENT))
				.retryWhen(reactor.util.retry.Retry.fixedDelay(50, Duration.ofMillis(100))))
				.expectNext(true)
				.expectComplete()
				.verify(Duration.ofSeconds(10));
			StepVerifier.create(store.load(after.id())).expectNext(after).expectComplete().verify(Duration.ofSeconds(5));
			StepVerifier.create(store.tryAcquireRefreshLease(after.id(), "me", Duration.ofSeconds(1)))
				.expectNext(true)
				.expectComplete()
				.verify(Duration.ofSeconds(5));
		}
	}
}
