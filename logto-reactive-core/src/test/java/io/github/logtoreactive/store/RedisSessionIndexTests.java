package io.github.logtoreactive.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redis store's index of sessions by Logto session ({@code sid}) and subject ({@code sub}), against a real
 * {@code redis-server}: what a back-channel logout ends, and how the index follows saves, deletes and TTLs.
 */
@Timeout(60)
class RedisSessionIndexTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final String PREFIX = "logto:session:";

	private static RedisServerHarness redis;

	private static RedisClient client;

	private static RedisCommands<String, String> inspector;

	private final TestClock clock = TestClock.startingNow();

	private RedisSessionStore store;

	@BeforeAll
	static void startRedis() {
		redis = RedisServerHarness.start();
		client = RedisClient.create();
		inspector = client.connect(RedisURI.create(redis.uri())).sync();
	}

	@AfterAll
	static void stopRedis() {
		client.shutdown();
		redis.close();
	}

	@BeforeEach
	void setUp() {
		inspector.flushall();
		this.store = store(RedisSessionStoreTests.SECRETS, 100);
	}

	private RedisSessionStore store(CookieSecrets secrets, int maxSessionsPerSubject) {
		return RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.secrets(secrets)
			.timeout(WAIT)
			.idleTimeout(Duration.ofHours(1))
			.clock(this.clock)
			.maxSessionsPerSubject(maxSessionsPerSubject)
			.build();
	}

	private LogtoSession signedIn(String sub, @Nullable String sid) {
		Map<String, @Nullable Object> claims = new LinkedHashMap<>();
		claims.put("sub", sub);
		if (sid != null) {
			claims.put("sid", sid);
		}
		claims.put("iss", "https://tenant.logto.app/oidc");
		claims.put("aud", FakeLogto.APP_ID);
		claims.put("iat", this.clock.instant().getEpochSecond());
		claims.put("exp", this.clock.instant().getEpochSecond() + 3600);
		return LogtoSession.create(SessionIdCookieCodec.newSessionId(), this.clock.instant())
			.withTokens(FakeLogto.sign(claims, FakeLogto.EC_KEY), "refresh-of-" + sub);
	}

	private LogtoSession saved(LogtoSession session) {
		assertThat(this.store.save(session.withVersion(1), SessionStore.ABSENT).block(WAIT)).isTrue();
		return session.withVersion(1);
	}

	private boolean stored(LogtoSession session) {
		return inspector.exists(PREFIX + session.id()) == 1;
	}

	private List<String> indexKeys() {
		return keys(PREFIX + "s*:*");
	}

	/** The keys matching a pattern, read with SCAN: KEYS changed its Java signature between Lettuce 6 and 7. */
	private static List<String> keys(String pattern) {
		List<String> keys = new ArrayList<>();
		ScanIterator.scan(inspector, ScanArgs.Builder.matches(pattern)).forEachRemaining(keys::add);
		return keys;
	}

	@Test
	void endLogtoSessionDeletesEverySessionOfThatSidAtOnceWithItsIndexAndNoOther() {
		LogtoSession first = saved(signedIn("user-1", "sid-1"));
		LogtoSession second = saved(signedIn("user-1", "sid-1"));
		LogtoSession otherSid = saved(signedIn("user-1", "sid-2"));

		assertThat(this.store.endLogtoSession("sid-1").block(WAIT)).isEqualTo(2);

		assertThat(stored(first)).isFalse();
		assertThat(stored(second)).isFalse();
		assertThat(stored(otherSid)).isTrue();
		assertThat(this.store.endLogtoSession("sid-1").block(WAIT)).as("nothing left to end").isZero();
		assertThat(this.store.endSubject("user-1", this.clock.instant()).block(WAIT))
			.as("the ended sessions also left the subject's index")
			.isEqualTo(1);
	}

	@Test
	void endSubjectDeletesTheSubjectsSessionsCreatedUpToTheLogoutAndNoneOfAnotherUser() {
		LogtoSession before = saved(signedIn("user-1", null));
		LogtoSession atLogout = saved(signedIn("user-1", "sid-1"));
		LogtoSession otherUser = saved(signedIn("user-2", "sid-9"));
		Instant logout = this.clock.instant();
		this.clock.advance(Duration.ofSeconds(1));
		LogtoSession after = saved(signedIn("user-1", "sid-3"));

		assertThat(this.store.endSubject("user-1", logout).block(WAIT)).isEqualTo(2);

		assertThat(stored(before)).isFalse();
		assertThat(stored(atLogout)).isFalse();
		assertThat(stored(otherUser)).isTrue();
		assertThat(stored(after)).isTrue();
		assertThat(keys(PREFIX + "sid:*")).as("sid-1's index went with its only session").hasSize(2);
	}

	@Test
	void deleteTakesTheSessionOutOfItsIndexAndTheIndexKeysExpireWithTheLongestLivedSession() {
		LogtoSession kept = saved(signedIn("user-1", "sid-1"));
		LogtoSession deleted = saved(signedIn("user-1", "sid-1"));

		this.store.delete(deleted.id()).block(WAIT);

		assertThat(indexKeys()).hasSize(2).allSatisfy(key -> {
			assertThat(inspector.pttl(key)).isBetween(Duration.ofMinutes(59).toMillis(),
					Duration.ofHours(1).toMillis());
			assertThat(inspector.type(key).equals("set") ? inspector.smembers(key)
					: inspector.zrange(key, 0, -1)).containsExactly(kept.id());
		});
		this.store.delete(kept.id()).block(WAIT);
		assertThat(indexKeys()).as("an emptied set or sorted set is gone").isEmpty();
	}

	@Test
	void aSessionWhoseSidChangedOnSaveLeavesTheOldSidsIndex() {
		LogtoSession v1 = saved(signedIn("user-1", "sid-1"));
		LogtoSession changed = signedIn("user-1", "sid-2");
		LogtoSession v2 = LogtoSession.restore(v1.id(), 2, v1.createdAt(), changed.idToken(), "refresh-2",
				Map.of(), Map.of());
		assertThat(this.store.save(v2, 1).block(WAIT)).isTrue();

		assertThat(this.store.endLogtoSession("sid-1").block(WAIT)).isZero();
		assertThat(stored(v1)).isTrue();
		assertThat(this.store.endLogtoSession("sid-2").block(WAIT)).isEqualTo(1);
	}

	@Test
	void aSubjectPastItsBoundLosesItsOldestOtherSessionSoTheIndexStaysBoundedAndComplete() {
		this.store = store(RedisSessionStoreTests.SECRETS, 2);
		LogtoSession oldest = saved(signedIn("user-1", "sid-1"));
		this.clock.advance(Duration.ofSeconds(1));
		LogtoSession middle = saved(signedIn("user-1", "sid-2"));
		this.clock.advance(Duration.ofSeconds(1));
		LogtoSession newest = saved(signedIn("user-1", "sid-3"));

		assertThat(stored(oldest)).isFalse();
		assertThat(stored(middle)).isTrue();
		assertThat(stored(newest)).isTrue();
		assertThat(keys(PREFIX + "sid:*")).as("the oldest's sid index went with it").hasSize(2);

		// a session started earlier than all (a sign-in completing late) is not the one its own save ends
		LogtoSession late = signedIn("user-1", "sid-4");
		LogtoSession startedFirst = LogtoSession.restore(late.id(), 1, oldest.createdAt(), late.idToken(),
				"refresh-4", Map.of(), Map.of());
		assertThat(this.store.save(startedFirst, SessionStore.ABSENT).block(WAIT)).isTrue();
		assertThat(stored(startedFirst)).isTrue();
		assertThat(stored(middle)).isFalse();
		assertThat(stored(newest)).isTrue();
	}

	@Test
	void aLogoutFindsSessionsIndexedUnderASecretSinceRotated() {
		LogtoSession before = saved(signedIn("user-1", "sid-1"));
		CookieSecrets rotated = CookieSecrets.of(RealisticSessions.APP_ID, "Zp4wQ9rT2yU7iO1pA5sD8fG3hJ6kL0zX",
				SessionCookieCodecTests.SECRET);
		this.store = store(rotated, 100);

		assertThat(this.store.endSubject("user-1", this.clock.instant()).block(WAIT)).isEqualTo(1);
		assertThat(stored(before)).isFalse();
	}

	@Test
	void endingWhenRedisIsDownIsATypedErrorAndEndsNothingUntilRedisAnswers() {
		LogtoSession session = saved(signedIn("user-1", "sid-1"));
		RedisSessionStore unreachable = RedisSessionStore.builder(client, RedisURI.create("redis://127.0.0.1:1"))
			.secrets(RedisSessionStoreTests.SECRETS)
			.timeout(Duration.ofMillis(500))
			.build();

		assertThatThrownBy(() -> unreachable.endLogtoSession("sid-1").block(WAIT))
			.isInstanceOf(SessionStoreException.class);
		assertThatThrownBy(() -> unreachable.endSubject("user-1", this.clock.instant()).block(WAIT))
			.isInstanceOf(SessionStoreException.class);
		assertThat(stored(session)).isTrue();
	}
}
