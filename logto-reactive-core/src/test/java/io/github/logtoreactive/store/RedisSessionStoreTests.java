package io.github.logtoreactive.store;

import io.github.logtoreactive.support.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanIterator;
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

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.internal.jwt.IdTokenVerifier;
import io.github.logtoreactive.internal.session.MalformedPayloadException;
import io.github.logtoreactive.internal.session.PayloadCompression;
import io.github.logtoreactive.internal.session.SessionJson;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.web.StoreSessionBindingTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against a real {@code redis-server} started by {@link RedisServerHarness}.
 */
@Timeout(60)
class RedisSessionStoreTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	static final CookieSecrets SECRETS = CookieSecrets.of(RealisticSessions.APP_ID, SessionCookieCodecTests.SECRET);

	private static final TestClock clock = new TestClock(RealisticSessions.NOW);

	private static RedisServerHarness redis;

	private static ClientResources resources;

	private static RedisClient client;

	private static RedisSessionStore store;

	private static StatefulRedisConnection<String, String> inspector;

	private static StatefulRedisConnection<String, byte[]> bytes;

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
			.secrets(SECRETS)
			.build();
		inspector = client.connect(RedisURI.create(redis.uri()));
		bytes = client.connect(RedisSessionStore.CODEC, RedisURI.create(redis.uri()));
	}

	@AfterAll
	static void stopRedis() {
		store.close();
		inspector.close();
		bytes.close();
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
		inspector.sync().del("logto:session:" + session.id()); // the realistic session's id is shared by two tests

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
			.secrets(SECRETS)
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
	@Test
	void dumpOfRedisWhenSessionsStoredThenRevealsNoToken() {
		LogtoSession session = RealisticSessions.issueSession().withVersion(1);
		inspector.sync().del("logto:session:" + session.id()); // the realistic session's id is shared by two tests
		store.save(session, SessionStore.ABSENT).block(Duration.ofSeconds(5));
		store.tryAcquireRefreshLease(session.id(), "owner", Duration.ofSeconds(5)).block(Duration.ofSeconds(5));

		String dump = dump();

		assertThat(dump).contains(session.id());
		assertThat(dump).as("the subject index, named by an HMAC of the subject")
			.contains("logto:session:sub:")
			.doesNotContain(IdTokenVerifier.decode(session.idToken()).sub());
		List<String> tokens = new ArrayList<>(List.of(session.idToken(), session.refreshToken()));
		session.accessTokens().values().forEach((token) -> tokens.add(token.token()));
		for (String token : tokens) {
			assertThat(dump).doesNotContain(token);
			// nor any recognizable part of one (a JWT's payload segment, a refresh token's tail)
			assertThat(dump).doesNotContain(token.substring(token.length() - 16));
		}
		StepVerifier.create(store.load(session.id())).expectNext(session).expectComplete().verify(Duration.ofSeconds(5));
	}

	@Test
	void loadWhenSecretRotatedThenOldEntriesDecryptAndNewOnesUseTheNewestSecret() {
		String newSecret = "Zp4wQ9rT2yU7iO1pA5sD8fG3hJ6kL0zX";
		LogtoSession session = session();
		store.save(session, SessionStore.ABSENT).block(Duration.ofSeconds(5));
		RedisSessionStore rotated = storeWith(CookieSecrets.of(RealisticSessions.APP_ID, newSecret,
				SessionCookieCodecTests.SECRET));
		RedisSessionStore newestOnly = storeWith(CookieSecrets.of(RealisticSessions.APP_ID, newSecret));
		try {
			StepVerifier.create(rotated.load(session.id())).expectNext(session).expectComplete()
				.verify(Duration.ofSeconds(5));
			StepVerifier.create(newestOnly.load(session.id())).as("the old secret was removed").expectComplete()
				.verify(Duration.ofSeconds(5));

			LogtoSession next = session.withTokens(null, "refresh-2");
			rotated.save(next, session.version()).block(Duration.ofSeconds(5));
			StepVerifier.create(newestOnly.load(session.id())).expectNext(next).expectComplete()
				.verify(Duration.ofSeconds(5));
			StepVerifier.create(store.load(session.id())).as("written with the newest secret, unknown to the old")
				.expectComplete().verify(Duration.ofSeconds(5));
		}
		finally {
			rotated.close();
			newestOnly.close();
		}
	}

	@Test
	void loadWhenEntryUnencryptedFromEarlierVersionThenRefusedAsAbsent() {
		LogtoSession session = session();
		bytes.sync().hset("logto:session:" + session.id(),
				Map.of("v", "1".getBytes(StandardCharsets.US_ASCII), "d",
						PayloadCompression.pack(SessionJson.write(session, true))));

		StepVerifier.create(store.load(session.id())).expectComplete().verify(Duration.ofSeconds(5));
	}

	@Test
	void loadWhenEncryptedValueMovedToAnotherSessionKeyThenRefusedAsAbsent() {
		LogtoSession victim = session();
		LogtoSession planted = session();
		store.save(planted, SessionStore.ABSENT).block(Duration.ofSeconds(5));
		byte[] value = bytes.sync().hget("logto:session:" + planted.id(), "d");
		bytes.sync().hset("logto:session:" + victim.id(),
				Map.of("v", "1".getBytes(StandardCharsets.US_ASCII), "d", value));

		StepVerifier.create(store.load(victim.id())).expectComplete().verify(Duration.ofSeconds(5));
	}

	@Test
	void buildWhenNoSecretsThenNamesTheSetting() {
		assertThatThrownBy(() -> RedisSessionStore.builder(client, RedisURI.create(redis.uri())).build())
			.isInstanceOf(LogtoConfigurationException.class)
			.hasMessageContaining("logto.cookie.secrets");
	}

	@Test
	void revocationsBuiltOnTheStoreRunOnItsConnectionAndLeaveItOpenWhenClosed() {
		RedisSessionStore own = storeWith(SECRETS);
		LogtoSession session = session();
		own.save(session, SessionStore.ABSENT).block(Duration.ofSeconds(5));
		long clients = inspector.sync().clientList().lines().count();
		RedisSessionRevocations record = RedisSessionRevocations.builder(own).clock(clock).build();

		record.endSession(session.id(), clock.instant().plusSeconds(60)).block(Duration.ofSeconds(5));
		assertThat(record.isEnded(session.id(), null, null, session.createdAt()).block(Duration.ofSeconds(5)))
			.isTrue();
		assertThat(inspector.sync().clientList().lines().count()).as("no connection of its own").isEqualTo(clients);
		record.close();

		assertThat(own.load(session.id()).block(Duration.ofSeconds(5))).isEqualTo(session);
		own.close();
	}

	@Test
	void buildWhenNoRoomForASessionPerSubjectOrANegativeMemoryThenNamesTheSetting() {
		assertThatThrownBy(() -> RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.secrets(SECRETS)
			.maxSessionsPerSubject(0)
			.build()).isInstanceOf(LogtoConfigurationException.class).hasMessageContaining("max-sessions-per-subject");
		assertThatThrownBy(() -> RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.secrets(SECRETS)
			.recentSessionsMaxBytes(-1)
			.build()).isInstanceOf(LogtoConfigurationException.class).hasMessageContaining("recent-sessions-max-bytes");
	}

	private static RedisSessionStore storeWith(CookieSecrets secrets) {
		return RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.timeout(TIMEOUT)
			.clock(clock)
			.secrets(secrets)
			.build();
	}

	/**
	 * What {@code redis-cli --scan} followed by GET / HGETALL / SMEMBERS / ZRANGE of every key shows, values also
	 * inflated where they inflate (DEFLATE alone would hide the tokens from a plain dump).
	 */
	private static String dump() {
		StringBuilder dump = new StringBuilder();
		// SCAN, as redis-cli --scan does (KEYS changed its Java signature between Lettuce 6 and 7, both tested)
		for (ScanIterator<String> keys = ScanIterator.scan(bytes.sync()); keys.hasNext();) {
			String key = keys.next();
			dump.append(key).append('\n');
			List<byte[]> values = new ArrayList<>();
			String type = bytes.sync().type(key);
			if ("hash".equals(type)) {
				values.addAll(bytes.sync().hgetall(key).values());
			}
			else if ("set".equals(type)) {
				values.addAll(bytes.sync().smembers(key));
			}
			else if ("zset".equals(type)) {
				values.addAll(bytes.sync().zrange(key, 0, -1));
			}
			else {
				values.add(bytes.sync().get(key));
			}
			for (byte[] value : values) {
				dump.append(new String(value, StandardCharsets.ISO_8859_1)).append('\n');
				try {
					dump.append(new String(PayloadCompression.unpack(value), StandardCharsets.UTF_8)).append('\n');
				}
				catch (MalformedPayloadException ex) {
					// not a DEFLATE payload
				}
			}
		}
		return dump.toString();
	}
}
