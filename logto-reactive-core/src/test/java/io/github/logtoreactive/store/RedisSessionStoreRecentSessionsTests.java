package io.github.logtoreactive.store;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.support.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis store's memory of the values it last decoded or wrote, against a real {@code redis-server}: identical
 * bytes are not decoded again, and any other bytes (another instance's newer version, an altered value) are.
 */
@Timeout(60)
class RedisSessionStoreRecentSessionsTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

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

	@Test
	void loadingTheSameBytesAgainGivesTheSessionDecodedTheFirstTimeWithoutDecodingAgain() {
		instance().save(this.v1, SessionStore.ABSENT).block(WAIT);
		RedisSessionStore other = instance();

		LogtoSession first = other.load(this.v1.id()).block(WAIT);
		assertThat(first).isEqualTo(this.v1);
		assertThat(other.load(this.v1.id()).block(WAIT)).isSameAs(first);
	}

	@Test
	void withoutMemoryEveryLoadDecodes() {
		instance().save(this.v1, SessionStore.ABSENT).block(WAIT);
		RedisSessionStore other = instance(0);

		LogtoSession first = other.load(this.v1.id()).block(WAIT);
		assertThat(other.load(this.v1.id()).block(WAIT)).isEqualTo(first).isNotSameAs(first);
	}

	@Test
	void theMemoryIsBoundedByTheEstimatedBytesOfItsSessions() {
		instance().save(this.v1, SessionStore.ABSENT).block(WAIT);
		byte[] data = inspector.hget(this.key, "d");
		RedisSessionStore tooSmall = instance(data.length);

		LogtoSession first = tooSmall.load(this.v1.id()).block(WAIT);
		assertThat(tooSmall.load(this.v1.id()).block(WAIT)).as("a session weighs more than its encrypted value")
			.isEqualTo(first)
			.isNotSameAs(first);
	}

	@Test
	void anotherInstancesNewerVersionIsSeenOnTheNextLoad() {
		RedisSessionStore a = instance();
		RedisSessionStore b = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		assertThat(b.load(this.v1.id()).block(WAIT)).isEqualTo(this.v1);

		LogtoSession v2 = this.v1.withTokens(this.v1.idToken(), "rotated-refresh-token").withVersion(2);
		assertThat(a.save(v2, 1).block(WAIT)).isTrue();

		assertThat(b.load(this.v1.id()).block(WAIT)).isEqualTo(v2);
	}

	@Test
	void aWriteOfThisInstanceIsRememberedAsWritten() {
		RedisSessionStore a = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);

		assertThat(a.load(this.v1.id()).block(WAIT)).isSameAs(this.v1);
	}

	@Test
	void alteredBytesAreDecryptedAndRefusedNotAnsweredFromMemory() {
		RedisSessionStore a = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		byte[] data = inspector.hget(this.key, "d");
		data[data.length - 1] = (byte) (data[data.length - 1] == 'A' ? 'B' : 'A');
		inspector.hset(this.key, "d", data);

		assertThat(a.load(this.v1.id()).block(WAIT)).isNull();
	}

	@Test
	void theAbsoluteTimeoutIsCheckedOnEveryLoadOfRememberedBytes() {
		RedisSessionStore a = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		assertThat(a.load(this.v1.id()).block(WAIT)).isSameAs(this.v1);

		this.clock.advance(Duration.ofDays(30));

		assertThat(a.load(this.v1.id()).block(WAIT)).isNull();
	}

	@Test
	void aDeletedSessionIsForgotten() {
		RedisSessionStore a = instance();
		a.save(this.v1, SessionStore.ABSENT).block(WAIT);
		byte[] data = inspector.hget(this.key, "d");
		a.delete(this.v1.id()).block(WAIT);
		inspector.hset(this.key, "d", data);

		LogtoSession reloaded = a.load(this.v1.id()).block(WAIT);
		assertThat(reloaded).as("the same bytes written back, decoded again").isEqualTo(this.v1).isNotSameAs(this.v1);
	}
}
