package io.github.logtoreactive.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.support.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis store's memory of the versions it last decrypted or wrote, against a real {@code redis-server}: a load of
 * a remembered session reads its version only and answers the remembered session while that version is stored; any
 * other version (another instance's newer save) is read and decrypted, and a version is remembered only with the
 * content Redis holds for it.
 */
@Timeout(60)
class RedisSessionStoreRecentSessionsTests {

	/**
	 * The store's timeout and each test's wait, where a test is not about timeouts: long enough for a new instance's
	 * connect and first command on a loaded CI machine (a clean-clone run failed one load of a new instance at 5 s).
	 */
	private static final Duration WAIT = Duration.ofSeconds(20);

	private static RedisServerHarness redis;

	private static RedisClient client;

	private static RedisCommands<String, byte[]> inspector;

	private final TestClock clock = new TestClock(RealisticSessions.NOW);

	private final LogtoSession v1 = RealisticSessions.issueSession().withVersion(1);

	private final String key = "logto:session:" + this.v1.id();

	@BeforeAll
	static void startRedis() {
		redis = RedisServerHarness.start();
		client = RedisClient.create();
		inspector = client.connect(RedisSessionStore.CODEC, RedisURI.create(redis.uri())).sync();
	}

	@AfterAll
	static void stopRedis() {
		client.shutdown();
		redis.close();
	}

	@BeforeEach
	void flush() {
		inspector.flushall();
	}

	private RedisSessionStore instance(long recentSessionsMaxBytes) {
		return RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.secrets(RedisSessionStoreTests.SECRETS)
			.timeout(WAIT)
			.clock(this.clock)
			.recentSessionsMaxBytes(recentSessionsMaxBytes)
			.build();
	}

	private RedisSessionStore instance() {
		return instance(16L * 1024 * 1024);
	}

	private RedisSessionStore instanceOn(StatefulRedisConnection<String, byte[]> connection, Duration timeout) {
		return RedisSessionStore.builder(connection)
			.secrets(RedisSessionStoreTests.SECRETS)
			.timeout(timeout)
			.clock(this.clock)
			.build();
	}

	/** {@code CLIENT PAUSE ... WRITE} holds every script until {@code CLIENT UNPAUSE}, which it lets through. */
	private static void client(String... args) {
		CommandArgs<String, byte[]> command = new CommandArgs<>(RedisSessionStore.CODEC);
		for (String arg : args) {
			command.add(arg);
		}
		inspector.dispatch(CommandType.CLIENT, new StatusOutput<>(RedisSessionStore.CODEC), command);
	}

	private LogtoSession rotated(LogtoSession session, String refreshToken) {
		return session.withTokens(session.idToken(), refreshToken);
	}

	@Test
	void loadingTheSameVersionAgainGivesTheSessionDecryptedTheFirstTimeWithoutDecryptingAgain() {
		instance().save(this.v1, SessionStore.ABSENT).block(WAIT);
		RedisSessionStore other = instance();

		LogtoSession first = other.load(this.v1.id()).block(WAIT);
		assertThat(first).isEqualTo(this.v1);
		assertThat(other.load(this.v1.id()).block(WAIT)).isSameAs(first);
	}

	@Test
	void aLoadOfARememberedSessionReadsItsVersionAndWriteTagOnlyAndOtherwiseTheValueTooInOneCommand() throws Exception {
		RedisSessionStore a = instance();
		RedisSessionStore b = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		b.ping().block(WAIT);
		try (RedisMonitor monitor = RedisMonitor.on(redis.port())) {
			assertThat(a.load(this.v1.id()).block(WAIT)).isSameAs(this.v1);
			assertThat(monitor.commandsSoFar(inspector)).as("remembered from its own write")
				.containsExactly("HMGET " + this.key + " v w");

			assertThat(b.load(this.v1.id()).block(WAIT)).isEqualTo(this.v1);
			assertThat(monitor.commandsSoFar(inspector)).as("not remembered")
				.containsExactly("HMGET " + this.key + " v w d");

			assertThat(b.load(this.v1.id()).block(WAIT)).isEqualTo(this.v1);
			assertThat(monitor.commandsSoFar(inspector)).as("remembered from its decryption")
				.containsExactly("HMGET " + this.key + " v w");

			LogtoSession v2 = rotated(this.v1, "rotated-refresh-token");
			a.save(v2, 1).block(WAIT);
			monitor.commandsSoFar(inspector);
			assertThat(b.load(this.v1.id()).block(WAIT)).isEqualTo(v2);
			assertThat(monitor.commandsSoFar(inspector)).as("another instance saved since")
				.containsExactly("HMGET " + this.key + " v w", "HMGET " + this.key + " v w d");
		}
		assertThat(inspector.hget(this.key, "v")).as("what a remembered load transfers").hasSize(1);
		assertThat(inspector.hget(this.key, "w")).as("and the write tag").hasSize(22);
		assertThat(inspector.hget(this.key, "d").length).as("what it no longer transfers").isGreaterThan(500);
	}

	@Test
	void withoutMemoryEveryLoadDecodes() {
		instance().save(this.v1, SessionStore.ABSENT).block(WAIT);
		RedisSessionStore other = instance(0);

		LogtoSession first = other.load(this.v1.id()).block(WAIT);
		assertThat(other.load(this.v1.id()).block(WAIT)).isEqualTo(first).isNotSameAs(first);
	}

	@Test
	void aSessionTheMemoryDoesNotHoldIsReadAndDecryptedAgain() {
		instance().save(this.v1, SessionStore.ABSENT).block(WAIT);
		RedisSessionStore tooSmall = instance(RecentRedisSessions.ENTRY_OVERHEAD);

		LogtoSession first = tooSmall.load(this.v1.id()).block(WAIT);
		assertThat(tooSmall.load(this.v1.id()).block(WAIT)).as("a session weighs more than an entry's overhead")
			.isEqualTo(first)
			.isNotSameAs(first);
	}

	@Test
	void anotherInstancesNewerVersionIsSeenOnTheNextLoad() {
		RedisSessionStore a = instance();
		RedisSessionStore b = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		assertThat(b.load(this.v1.id()).block(WAIT)).isEqualTo(this.v1);

		LogtoSession v2 = rotated(this.v1, "rotated-refresh-token");
		assertThat(a.save(v2, 1).block(WAIT)).isTrue();

		assertThat(b.load(this.v1.id()).block(WAIT)).isEqualTo(v2);
	}

	@Test
	void anotherInstancesNewerSaveWinsOverThisInstancesOwnWriteOnTheNextLoad() {
		RedisSessionStore a = instance();
		RedisSessionStore b = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		LogtoSession v2 = rotated(this.v1, "refreshed-on-b");
		assertThat(b.save(v2, 1).block(WAIT)).isTrue();

		assertThat(a.load(this.v1.id()).block(WAIT)).isEqualTo(v2);
		LogtoSession v3 = rotated(v2, "refreshed-on-b-again");
		assertThat(b.save(v3, 2).block(WAIT)).isTrue();
		assertThat(a.load(this.v1.id()).block(WAIT)).as("and over what it decrypted").isEqualTo(v3);
	}

	@Test
	void aSaveRefusedBecauseAnotherInstanceWroteThatVersionFirstIsNotRemembered() {
		RedisSessionStore a = instance();
		RedisSessionStore b = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		LogtoSession onB = rotated(this.v1, "refreshed-on-b");
		assertThat(b.save(onB, 1).block(WAIT)).isTrue();

		assertThat(a.save(rotated(this.v1, "refreshed-on-a"), 1).block(WAIT)).isFalse();

		assertThat(a.load(this.v1.id()).block(WAIT)).as("the same version number, written by b").isEqualTo(onB);
	}

	@Test
	void aSaveThatTimedOutIsNotRememberedEvenIfItsVersionIsWrittenLaterByAnother() throws Exception {
		try (StatefulRedisConnection<String, byte[]> shared = client.connect(RedisSessionStore.CODEC,
				RedisURI.create(redis.uri()))) {
			RedisSessionStore a = instanceOn(shared, Duration.ofSeconds(1));
			RedisSessionStore b = instanceOn(shared, WAIT);
			a.save(this.v1, SessionStore.ABSENT).block(WAIT);
			LogtoSession onB = rotated(this.v1, "refreshed-on-b");
			client("PAUSE", "60000", "WRITE");
			CompletableFuture<Boolean> bSaved;
			try {
				// one connection, so Redis runs b's save, then a's (refused), once unpaused
				bSaved = b.save(onB, 1).toFuture();
				StepVerifier.create(a.save(rotated(this.v1, "refreshed-on-a"), 1))
					.expectError(SessionStoreException.class)
					.verify(WAIT);
			}
			finally {
				client("UNPAUSE");
			}
			assertThat(bSaved.get(5, TimeUnit.SECONDS)).isTrue();

			assertThat(a.load(this.v1.id()).block(WAIT)).isEqualTo(onB);
		}
	}

	@Test
	void aWriteOfThisInstanceIsRememberedAsWritten() {
		RedisSessionStore a = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);

		assertThat(a.load(this.v1.id()).block(WAIT)).isSameAs(this.v1);
	}

	@Test
	void aValueAlteredUnderTheSameVersionGivesTheAuthenticatedSessionRememberedAndIsRefusedByOtherInstances() {
		RedisSessionStore a = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		byte[] data = inspector.hget(this.key, "d");
		data[data.length - 1] = (byte) (data[data.length - 1] == 'A' ? 'B' : 'A');
		inspector.hset(this.key, "d", data);

		assertThat(a.load(this.v1.id()).block(WAIT)).as("what a wrote, never the altered bytes").isSameAs(this.v1);
		assertThat(instance().load(this.v1.id()).block(WAIT)).as("decrypted, not authentic").isNull();
	}

	@Test
	void aValueAlteredUnderAnotherVersionIsDecryptedAndRefusedThenForgotten() {
		RedisSessionStore a = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		byte[] data = inspector.hget(this.key, "d");
		byte[] altered = data.clone();
		altered[altered.length - 1] = (byte) (altered[altered.length - 1] == 'A' ? 'B' : 'A');
		inspector.hset(this.key, Map.of("v", "2".getBytes(StandardCharsets.US_ASCII), "d", altered));

		assertThat(a.load(this.v1.id()).block(WAIT)).isNull();
		inspector.hset(this.key, Map.of("v", "1".getBytes(StandardCharsets.US_ASCII), "d", data));
		assertThat(a.load(this.v1.id()).block(WAIT)).as("decrypted again, not remembered")
			.isEqualTo(this.v1)
			.isNotSameAs(this.v1);
	}

	@Test
	void theAbsoluteTimeoutIsCheckedOnEveryLoadOfARememberedVersion() {
		RedisSessionStore a = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		assertThat(a.load(this.v1.id()).block(WAIT)).isSameAs(this.v1);

		this.clock.advance(Duration.ofDays(30));

		assertThat(a.load(this.v1.id()).block(WAIT)).isNull();
	}

	@Test
	void aRememberedVersionIsTrustedForAMinuteThenReadAndDecryptedAgain() {
		RedisSessionStore a = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);

		this.clock.advance(RecentRedisSessions.TRUSTED_FOR.minusMillis(1));
		assertThat(a.load(this.v1.id()).block(WAIT)).isSameAs(this.v1);
		this.clock.advance(Duration.ofMillis(1));
		LogtoSession reread = a.load(this.v1.id()).block(WAIT);
		assertThat(reread).isEqualTo(this.v1).isNotSameAs(this.v1);
		assertThat(a.load(this.v1.id()).block(WAIT)).as("and remembered anew").isSameAs(reread);
	}

	@Test
	void aSessionIdWrittenAgainFromNothingUnderAVersionThisInstanceKnowsIsReadOnTheNextLoad() {
		RedisSessionStore a = instance();
		RedisSessionStore b = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		assertThat(a.load(this.v1.id()).block(WAIT)).isSameAs(this.v1);
		b.delete(this.v1.id()).block(WAIT);
		LogtoSession again = LogtoSession.create(this.v1.id(), RealisticSessions.NOW).withVersion(this.v1.version());
		assertThat(b.save(again, SessionStore.ABSENT).block(WAIT)).isTrue();
		assertThat(inspector.hget(this.key, "v")).as("the same version as a remembers")
			.isEqualTo(Long.toString(this.v1.version()).getBytes(StandardCharsets.US_ASCII));

		assertThat(a.load(this.v1.id()).block(WAIT)).as("another write: read, not remembered").isEqualTo(again);
	}

	@Test
	void everyWriteHasItsOwnTagEvenOfTheSameSessionAndVersion() {
		RedisSessionStore a = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		byte[] first = inspector.hget(this.key, "w");
		a.delete(this.v1.id()).block(WAIT);
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);

		assertThat(inspector.hget(this.key, "w")).isNotEqualTo(first);
		byte[] data = inspector.hget(this.key, "d");
		assertThat(new String(data, StandardCharsets.US_ASCII))
			.as("the tag is the value's authentication tag").endsWith("." + new String(inspector.hget(this.key, "w"),
					StandardCharsets.US_ASCII));
	}

	@Test
	void aDeletedSessionIsForgotten() {
		RedisSessionStore a = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		byte[] data = inspector.hget(this.key, "d");
		a.delete(this.v1.id()).block(WAIT);
		inspector.hset(this.key, Map.of("v", "1".getBytes(StandardCharsets.US_ASCII), "d", data));

		LogtoSession reloaded = a.load(this.v1.id()).block(WAIT);
		assertThat(reloaded).as("the same bytes written back, decoded again").isEqualTo(this.v1).isNotSameAs(this.v1);
	}

	@Test
	void aSessionGoneFromRedisIsAbsentAndForgottenSoThatItsIdWrittenAgainFromNothingIsRead() {
		RedisSessionStore a = instance();
		RedisSessionStore b = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		inspector.flushall();

		assertThat(a.load(this.v1.id()).block(WAIT)).isNull();
		LogtoSession again = this.v1.withTokens(this.v1.idToken(), "written-again").withVersion(1);
		assertThat(b.save(again, SessionStore.ABSENT).block(WAIT)).isTrue();
		assertThat(a.load(this.v1.id()).block(WAIT)).isEqualTo(again);
	}
}
