package io.github.logtoreactive.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.RedisSessionRevocations;
import io.github.logtoreactive.store.RedisSessionStore;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.SharedRedis;
import io.github.logtoreactive.support.TestClock;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sessions ended on one instance are ended on the others through a real {@code redis-server}: two instances, each
 * with its own engine and its own connection, with the cookie store and with the Redis store.
 */
@Timeout(60)
class RedisSessionEndTests {

	private static final Duration TIMEOUT = ApplicationInstances.TIMEOUT;

	@AutoClose
	final SharedRedis redis = SharedRedis.start();

	@AutoClose
	final ApplicationInstances app = ApplicationInstances.sharing(this.redis);

	final TestClock clock = this.app.clock;

	final SessionCookieSettings settings = this.app.settings;

	final CookieSecrets secrets = this.app.secrets;

	final FakeLogto logto = this.app.logto;

	final RedisCommands<String, String> inspector = this.redis.inspector();

	final LogtoSession signedIn = LogtoSession.create(SessionIdCookieCodec.newSessionId(), this.clock.instant())
		.withTokens(this.logto.mintIdToken(null), "rt-1");

	private RedisSessionRevocations revocations() {
		return this.redis.revocations(this.clock);
	}

	private RequestSessions cookieInstance() {
		return this.app.cookieInstance();
	}

	private RequestSessions storeInstance() {
		return this.app.storeInstance();
	}

	private Map<String, String> cookiesOf(LogtoSession session) {
		return this.app.cookiesOf(session);
	}

	private static boolean signedIn(RequestSessions sessions, Map<String, String> cookies) {
		return ApplicationInstances.signedIn(sessions, cookies);
	}

	private String logoutToken() {
		return logoutToken("user-1", "sid-1");
	}

	private String logoutToken(String sub, @Nullable String sid) {
		return this.app.logoutToken(claims -> {
			claims.put("sub", sub);
			if (sid == null) {
				claims.remove("sid");
			}
			else {
				claims.put("sid", sid);
			}
		});
	}

	private static HttpAnswer backchannelLogout(RequestSessions instance, String token) {
		TestRouteRequest request = new TestRouteRequest("POST", "http://localhost:8080/logto/backchannel-logout")
			.form("logout_token", token);
		return LogtoRouteHandler.builder()
			.sessions(instance)
			.build()
			.handle(LogtoRoutes.Route.BACKCHANNEL_LOGOUT, request, instance.open(Map.of()).client())
			.block(TIMEOUT);
	}

	@Test
	void aCookieSignedOutOnOneInstanceIsRefusedOnAnotherWithTheRecordKeptUntilTheAbsoluteTimeout() {
		RequestSessions a = cookieInstance();
		RequestSessions b = cookieInstance();
		Map<String, String> captured = cookiesOf(this.signedIn);
		assertThat(signedIn(b, captured)).isTrue();

		a.open(captured).client().signOut("http://localhost:8080/").block(TIMEOUT);

		assertThat(signedIn(b, captured)).isFalse();
		long ttl = this.inspector.pttl("logto:ended:i:" + this.signedIn.id());
		assertThat(ttl).isBetween(this.settings.absoluteTimeout().minusMinutes(1).toMillis(),
				this.settings.absoluteTimeout().toMillis());
	}

	@Test
	void aBackChannelLogoutReceivedByOneInstanceEndsTheCookieSessionOnAnother() {
		RequestSessions a = cookieInstance();
		RequestSessions b = cookieInstance();
		Map<String, String> cookies = cookiesOf(this.signedIn);
		assertThat(signedIn(b, cookies)).isTrue();

		assertThat(backchannelLogout(a, logoutToken()).status()).isEqualTo(200);

		assertThat(signedIn(b, cookies)).isFalse();
	}

	@Test
	void aBackChannelLogoutEndsTheCookieSessionAndDeletesWhatItsInstancesPublishedForEachOther() {
		RequestSessions a = coordinatedCookieInstance();
		RequestSessions b = coordinatedCookieInstance();
		RedisSessionStore shared = publications();
		shared.save(this.signedIn.withVersion(1), SessionStore.ABSENT).block(TIMEOUT);
		Map<String, String> cookies = cookiesOf(this.signedIn);
		assertThat(signedIn(b, cookies)).isTrue();

		assertThat(backchannelLogout(a, logoutToken()).status()).isEqualTo(200);

		assertThat(this.inspector.exists("logto:session:cookie:" + this.signedIn.id()))
			.as("the published tokens leave Redis at once, refresh token included")
			.isZero();
		assertThat(signedIn(b, cookies)).isFalse();
	}

	/** The shared store cookie sessions are coordinated through (its own key prefix, as the starter's). */
	private RedisSessionStore publications() {
		return this.redis.coordinationStore(this.clock, this.secrets);
	}

	private RequestSessions coordinatedCookieInstance() {
		return this.app.coordinatedCookieInstance();
	}

	@Test
	void aBackChannelLogoutReceivedByOneInstanceEndsTheStoredSessionOnAnother() {
		RequestSessions a = storeInstance();
		RequestSessions b = storeInstance();
		SessionStore store = this.redis.sessionStore(this.clock, this.secrets);
		store.save(this.signedIn.withVersion(1), SessionStore.ABSENT).block(TIMEOUT);
		Map<String, String> browser = browserOf(this.signedIn);
		assertThat(signedIn(b, browser)).isTrue();

		assertThat(backchannelLogout(a, logoutToken()).status()).isEqualTo(200);

		assertThat(this.inspector.exists("logto:session:" + this.signedIn.id()))
			.as("deleted from Redis at once, with its refresh token, before any request presents it")
			.isZero();
		assertThat(signedIn(b, browser)).isFalse();
		assertThat(store.load(this.signedIn.id()).block(TIMEOUT)).as("deleted from the store").isNull();
	}

	@Test
	void aBackChannelLogoutBySubjectEndsEveryStoredSessionOfThatUserAtOnceAndNoneOfAnother() {
		RequestSessions a = storeInstance();
		RequestSessions b = storeInstance();
		SessionStore store = this.redis.sessionStore(this.clock, this.secrets);
		LogtoSession laptop = this.signedIn.withVersion(1);
		LogtoSession phone = LogtoSession.create(SessionIdCookieCodec.newSessionId(), this.clock.instant())
			.withTokens(this.logto.mintIdToken(null), "rt-phone")
			.withVersion(1);
		this.logto.idTokenClaims = claims -> {
			claims.put("sub", "user-2");
			claims.put("sid", "sid-2");
		};
		LogtoSession otherUser = LogtoSession.create(SessionIdCookieCodec.newSessionId(), this.clock.instant())
			.withTokens(this.logto.mintIdToken(null), "rt-2")
			.withVersion(1);
		for (LogtoSession session : List.of(laptop, phone, otherUser)) {
			store.save(session, SessionStore.ABSENT).block(TIMEOUT);
		}

		assertThat(backchannelLogout(a, logoutToken("user-1", null)).status()).isEqualTo(200);

		assertThat(this.inspector.exists("logto:session:" + laptop.id(), "logto:session:" + phone.id())).isZero();
		assertThat(signedIn(b, browserOf(laptop))).isFalse();
		assertThat(signedIn(b, browserOf(phone))).isFalse();
		assertThat(signedIn(b, browserOf(otherUser))).isTrue();
	}

	@Test
	void aBackChannelLogoutWhileRedisIsDownIsAnswered503AndAcceptedWhenLogtoRetriesItLater() {
		RequestSessions a = storeInstance();
		SessionStore store = this.redis.sessionStore(this.clock, this.secrets);
		String token = logoutToken();
		this.redis.kill();
		try {
			assertThat(backchannelLogout(a, token).status()).isEqualTo(503);
		}
		finally {
			this.redis.restart();
		}
		store.save(this.signedIn.withVersion(1), SessionStore.ABSENT).block(TIMEOUT);

		assertThat(backchannelLogout(a, token).status()).as("the token was not spent by the failed attempt")
			.isEqualTo(200);
		assertThat(this.inspector.exists("logto:session:" + this.signedIn.id())).isZero();
	}

	@Test
	void aSignedInRequestOnTheRedisStoreWithTheRecordOnItsConnectionSendsOneHmgetAndOneMgetOnly() {
		RedisSessionStore store = this.redis.sessionStore(this.clock, this.secrets);
		RedisSessionRevocations record = this.redis.revocationsOn(store, this.clock);
		RequestSessions instance = RequestSessions
			.builder(this.app.engine(), SessionStorage.inStore(store, this.app.ids, this.app.transactions))
			.revocations(record)
			.build();
		store.save(this.signedIn.withVersion(1), SessionStore.ABSENT).block(TIMEOUT);
		Map<String, String> browser = browserOf(this.signedIn);
		assertThat(signedIn(instance, browser)).isTrue();
		this.inspector.configResetstat();

		assertThat(signedIn(instance, browser)).isTrue();

		String stats = this.inspector.info("commandstats");
		assertThat(stats).contains("cmdstat_hmget:calls=1,").contains("cmdstat_mget:calls=1,");
		assertThat(stats.lines().filter(line -> line.startsWith("cmdstat_"))
			.map(line -> line.substring(0, line.indexOf(':'))))
			.as("nothing else but the statistics' own commands")
			.isSubsetOf("cmdstat_hmget", "cmdstat_mget", "cmdstat_config|resetstat", "cmdstat_info");
	}

	private Map<String, String> browserOf(LogtoSession session) {
		return this.app.browserOf(session);
	}

	@Test
	void aStoredSessionSignedOutOnOneInstanceIsRefusedOnAnother() {
		RequestSessions a = storeInstance();
		RequestSessions b = storeInstance();
		SessionStore store = this.redis.sessionStore(this.clock, this.secrets);
		store.save(this.signedIn.withVersion(1), SessionStore.ABSENT).block(TIMEOUT);
		Map<String, String> browser = browserOf(this.signedIn);

		a.open(browser).client().signOut("http://localhost:8080/").block(TIMEOUT);

		assertThat(signedIn(b, browser)).isFalse();
	}

	@Test
	void aLogoutTokenUsedOnOneInstanceIsRefusedOnAnother() {
		RequestSessions a = cookieInstance();
		RequestSessions b = cookieInstance();
		String token = logoutToken();

		assertThat(backchannelLogout(a, token).status()).isEqualTo(200);
		assertThat(backchannelLogout(b, token).status()).isEqualTo(400);
	}

	@Test
	void redisDownNeverSignsInASessionItCannotCheckAndAProtectedPathIsAnswered503() {
		RequestSessions a = cookieInstance();
		Map<String, String> cookies = cookiesOf(this.signedIn);
		assertThat(signedIn(a, cookies)).isTrue();
		this.redis.kill();
		try {
			assertThatThrownBy(() -> signedIn(a, cookies)).isInstanceOf(SessionStoreException.class);
			HttpAnswer answer = LogtoRouteHandler.builder()
				.build()
				.protect(new TestRouteRequest("GET", "http://localhost:8080/private"), a.open(cookies).client(),
						true, List.of())
				.block(TIMEOUT);
			assertThat(answer.status()).isEqualTo(503);
			HttpAnswer logout = backchannelLogout(a, logoutToken());
			assertThat(logout.status()).as("nothing acknowledged that was not recorded").isEqualTo(503);
		}
		finally {
			this.redis.restart();
		}
	}

	@Test
	void aSubjectLogoutRecordedInRedisEndsOnlyTheSessionsStartedBeforeIt() {
		RedisSessionRevocations record = revocations();
		Instant keep = this.clock.instant().plus(Duration.ofDays(1));
		record.endSubject("user-1", this.clock.instant(), keep).block(TIMEOUT);

		assertThat(record.isEnded("s", null, "user-1", this.clock.instant().minusSeconds(1)).block(TIMEOUT))
			.isTrue();
		assertThat(record.isEnded("s", null, "user-1", this.clock.instant().plusSeconds(1)).block(TIMEOUT))
			.isFalse();
		assertThat(record.isEnded("s", null, "user-2", this.clock.instant().minusSeconds(1)).block(TIMEOUT))
			.isFalse();
	}
}
