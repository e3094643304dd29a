package io.github.logtoreactive.web;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.RedisServerHarness;
import io.github.logtoreactive.store.RedisSessionRevocations;
import io.github.logtoreactive.store.RedisSessionStore;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/**
	 * The clients' command timeout: not what these tests are about (a stopped Redis is refused at once), so generous for
	 * a loaded CI machine, where 500 ms could time out a first command that also connects.
	 */
	private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(10);

	private static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	private static RedisServerHarness redis;

	private static RedisClient client;

	/** Queues its commands while Redis restarts (the library's client rejects them). */
	private static RedisClient inspectorClient;

	private static StatefulRedisConnection<String, String> inspector;

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	final SessionCookieSettings settings = SessionCookieSettings.builder().secure(false).build();

	final CookieSecrets secrets = CookieSecrets.of(FakeLogto.APP_ID, SECRET);

	final SessionCookieCodec codec = SessionCookieCodec.create(this.secrets, this.settings);

	final TransactionCookieCodec transactions = TransactionCookieCodec.create(this.secrets, this.settings);

	final SessionIdCookieCodec ids = SessionIdCookieCodec.create(this.secrets, this.settings);

	final List<AutoCloseable> closing = new java.util.ArrayList<>();

	FakeLogto logto;

	LogtoSession signedIn;

	@BeforeAll
	static void startRedis() {
		redis = RedisServerHarness.start();
		client = RedisClient.create();
		client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		inspectorClient = RedisClient.create();
		inspector = inspectorClient.connect(RedisURI.create(redis.uri()));
	}

	@AfterAll
	static void stopRedis() {
		inspector.close();
		inspectorClient.shutdown();
		client.shutdown();
		redis.close();
	}

	@BeforeEach
	void setUp() {
		inspector.sync().flushall();
		this.logto = new FakeLogto(this.server, this.clock);
		this.signedIn = LogtoSession.create(SessionIdCookieCodec.newSessionId(), this.clock.instant())
			.withTokens(this.logto.mintIdToken(null), "rt-1");
	}

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable c : this.closing) {
			c.close();
		}
	}

	private RedisSessionRevocations revocations() {
		RedisSessionRevocations revocations = RedisSessionRevocations
			.builder(client, RedisURI.create(redis.uri()))
			.timeout(REDIS_TIMEOUT)
			.clock(this.clock)
			.build();
		this.closing.add(revocations);
		return revocations;
	}

	private LogtoEngine engine() {
		return LogtoEngine.builder(this.logto.config().build()).clock(this.clock).build();
	}

	private RequestSessions cookieInstance() {
		return RequestSessions.builder(engine(), SessionStorage.inCookies(this.codec, this.transactions))
			.revocations(revocations())
			.build();
	}

	private RequestSessions storeInstance() {
		RedisSessionStore store = RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.secrets(this.secrets)
			.timeout(REDIS_TIMEOUT)
			.clock(this.clock)
			.build();
		this.closing.add(store);
		return RequestSessions.builder(engine(), SessionStorage.inStore(store, this.ids, this.transactions))
			.revocations(revocations())
			.build();
	}

	private Map<String, String> cookiesOf(LogtoSession session) {
		Map<String, String> jar = new HashMap<>();
		for (SetCookie cookie : this.codec.encode(session, this.clock.instant()).cookies()) {
			jar.put(cookie.name(), cookie.value());
		}
		return jar;
	}

	private static boolean signedIn(RequestSessions sessions, Map<String, String> cookies) {
		return sessions.open(cookies).client().isAuthenticated().block(TIMEOUT);
	}

	private String logoutToken() {
		return logoutToken("user-1", "sid-1");
	}

	private String logoutToken(String sub, @Nullable String sid) {
		Map<String, Object> claims = new java.util.LinkedHashMap<>();
		claims.put("iss", this.logto.issuer());
		claims.put("aud", FakeLogto.APP_ID);
		claims.put("iat", this.clock.instant().getEpochSecond());
		claims.put("exp", this.clock.instant().getEpochSecond() + 120);
		claims.put("jti", java.util.UUID.randomUUID().toString());
		claims.put("sub", sub);
		if (sid != null) {
			claims.put("sid", sid);
		}
		claims.put("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
		try {
			JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES384)
				.keyID(FakeLogto.EC_KEY.getKeyID())
				.type(new JOSEObjectType("logout+jwt"))
				.build(), new Payload(JSONObjectUtils.toJSONString(claims)));
			jws.sign(new ECDSASigner(FakeLogto.EC_KEY));
			return jws.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
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
		long ttl = inspector.sync().pttl("logto:ended:i:" + this.signedIn.id());
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

		assertThat(inspector.sync().exists("logto:session:cookie:" + this.signedIn.id()))
			.as("the published tokens leave Redis at once, refresh token included")
			.isZero();
		assertThat(signedIn(b, cookies)).isFalse();
	}

	/** The shared store cookie sessions are coordinated through (its own key prefix, as the starter's). */
	private RedisSessionStore publications() {
		RedisSessionStore shared = RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.keyPrefix("logto:session:cookie:")
			.secrets(this.secrets)
			.timeout(REDIS_TIMEOUT)
			.clock(this.clock)
			.build();
		this.closing.add(shared);
		return shared;
	}

	private RequestSessions coordinatedCookieInstance() {
		SessionCoordination coordination = SessionCoordination.through(publications());
		return RequestSessions
			.builder(engine(), SessionStorage.inCookies(this.codec, this.transactions, coordination))
			.revocations(revocations())
			.build();
	}

	@Test
	void aBackChannelLogoutReceivedByOneInstanceEndsTheStoredSessionOnAnother() {
		RequestSessions a = storeInstance();
		RequestSessions b = storeInstance();
		SessionStore store = RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.secrets(this.secrets)
			.clock(this.clock)
			.build();
		store.save(this.signedIn.withVersion(1), SessionStore.ABSENT).block(TIMEOUT);
		Map<String, String> browser = Map.of(this.settings.cookieName(), this.ids.encode(this.signedIn.id()));
		assertThat(signedIn(b, browser)).isTrue();

		assertThat(backchannelLogout(a, logoutToken()).status()).isEqualTo(200);

		assertThat(inspector.sync().exists("logto:session:" + this.signedIn.id()))
			.as("deleted from Redis at once, with its refresh token, before any request presents it")
			.isZero();
		assertThat(signedIn(b, browser)).isFalse();
		assertThat(store.load(this.signedIn.id()).block(TIMEOUT)).as("deleted from the store").isNull();
	}

	@Test
	void aBackChannelLogoutBySubjectEndsEveryStoredSessionOfThatUserAtOnceAndNoneOfAnother() {
		RequestSessions a = storeInstance();
		RequestSessions b = storeInstance();
		SessionStore store = RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.secrets(this.secrets)
			.clock(this.clock)
			.build();
		this.closing.add((AutoCloseable) store);
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

		assertThat(inspector.sync().exists("logto:session:" + laptop.id(), "logto:session:" + phone.id())).isZero();
		assertThat(signedIn(b, browserOf(laptop))).isFalse();
		assertThat(signedIn(b, browserOf(phone))).isFalse();
		assertThat(signedIn(b, browserOf(otherUser))).isTrue();
	}

	@Test
	void aBackChannelLogoutWhileRedisIsDownIsAnswered503AndAcceptedWhenLogtoRetriesItLater() {
		RequestSessions a = storeInstance();
		SessionStore store = RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.secrets(this.secrets)
			.clock(this.clock)
			.build();
		this.closing.add((AutoCloseable) store);
		String token = logoutToken();
		redis.kill();
		try {
			assertThat(backchannelLogout(a, token).status()).isEqualTo(503);
		}
		finally {
			redis.restart();
		}
		store.save(this.signedIn.withVersion(1), SessionStore.ABSENT).block(TIMEOUT);

		assertThat(backchannelLogout(a, token).status()).as("the token was not spent by the failed attempt")
			.isEqualTo(200);
		assertThat(inspector.sync().exists("logto:session:" + this.signedIn.id())).isZero();
	}

	@Test
	void aSignedInRequestOnTheRedisStoreWithTheRecordOnItsConnectionSendsOneHgetAndOneMgetOnly() {
		RedisSessionStore store = RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.secrets(this.secrets)
			.timeout(REDIS_TIMEOUT)
			.clock(this.clock)
			.build();
		this.closing.add(store);
		RedisSessionRevocations record = RedisSessionRevocations.builder(store).clock(this.clock).build();
		RequestSessions instance = RequestSessions
			.builder(engine(), SessionStorage.inStore(store, this.ids, this.transactions))
			.revocations(record)
			.build();
		store.save(this.signedIn.withVersion(1), SessionStore.ABSENT).block(TIMEOUT);
		Map<String, String> browser = browserOf(this.signedIn);
		assertThat(signedIn(instance, browser)).isTrue();
		inspector.sync().configResetstat();

		assertThat(signedIn(instance, browser)).isTrue();

		String stats = inspector.sync().info("commandstats");
		assertThat(stats).contains("cmdstat_hget:calls=1,").contains("cmdstat_mget:calls=1,");
		assertThat(stats.lines().filter(line -> line.startsWith("cmdstat_"))
			.map(line -> line.substring(0, line.indexOf(':'))))
			.as("nothing else but the statistics' own commands")
			.isSubsetOf("cmdstat_hget", "cmdstat_mget", "cmdstat_config|resetstat", "cmdstat_info");
	}

	private Map<String, String> browserOf(LogtoSession session) {
		return Map.of(this.settings.cookieName(), this.ids.encode(session.id()));
	}

	@Test
	void aStoredSessionSignedOutOnOneInstanceIsRefusedOnAnother() {
		RequestSessions a = storeInstance();
		RequestSessions b = storeInstance();
		SessionStore store = RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.secrets(this.secrets)
			.clock(this.clock)
			.build();
		store.save(this.signedIn.withVersion(1), SessionStore.ABSENT).block(TIMEOUT);
		Map<String, String> browser = Map.of(this.settings.cookieName(), this.ids.encode(this.signedIn.id()));

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
		redis.kill();
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
			redis.restart();
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
