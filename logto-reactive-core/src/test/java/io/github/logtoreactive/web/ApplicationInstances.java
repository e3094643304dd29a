package io.github.logtoreactive.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.InMemorySessionRevocations;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionRevocations;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.RotatingTokenHandler;
import io.github.logtoreactive.support.SharedRedis;
import io.github.logtoreactive.support.TestClock;
import mockwebserver3.MockWebServer;
import org.jspecify.annotations.Nullable;

/**
 * Instances of one application, as the web tests run them: one fake Logto (over a {@link MockWebServer}), one
 * {@link TestClock}, and the cookie secrets and settings every instance shares; each instance has its own engine and
 * {@link RequestSessions}. The record of ended sessions is shared too: one in memory standing for a shared one, or,
 * {@link #sharing(SharedRedis) sharing a redis-server}, a record of each instance's own on its own connection, with
 * each instance's Redis stores built by {@link SharedRedis}. A test declares it
 * {@code @AutoClose final ApplicationInstances app = ApplicationInstances.inMemory();}; closing it stops Logto (the
 * {@link SharedRedis} closes what it built).
 */
final class ApplicationInstances implements AutoCloseable {

	/** How long a test waits for one answer of an instance. */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	final FakeLogto logto;

	final SessionCookieSettings settings = SessionCookieSettings.builder().secure(false).build();

	final CookieSecrets secrets = CookieSecrets.of(FakeLogto.APP_ID, SECRET);

	final SessionCookieCodec codec = SessionCookieCodec.create(this.secrets, this.settings);

	final TransactionCookieCodec transactions = TransactionCookieCodec.create(this.secrets, this.settings);

	final SessionIdCookieCodec ids = SessionIdCookieCodec.create(this.secrets, this.settings);

	private final @Nullable SharedRedis redis;

	private final SessionRevocations sharedInMemory = InMemorySessionRevocations.create(this.clock);

	private UnaryOperator<LogtoConfig.Builder> configuration = UnaryOperator.identity();

	private ApplicationInstances(@Nullable SharedRedis redis) {
		this.redis = redis;
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.logto = new FakeLogto(this.server, this.clock);
	}

	/**
	 * @return instances sharing one record of ended sessions in memory
	 */
	static ApplicationInstances inMemory() {
		return new ApplicationInstances(null);
	}

	/**
	 * @param redis the redis-server the instances share
	 * @return instances each with its own connections to {@code redis}
	 */
	static ApplicationInstances sharing(SharedRedis redis) {
		return new ApplicationInstances(redis);
	}

	/**
	 * @param configuration changes the engine configuration of the instances started from now on
	 * @return this
	 */
	ApplicationInstances configure(UnaryOperator<LogtoConfig.Builder> configuration) {
		this.configuration = configuration;
		return this;
	}

	/**
	 * @return a new instance's engine, configured for the fake Logto, on the test's clock
	 */
	LogtoEngine engine() {
		return LogtoEngine.builder(this.configuration.apply(this.logto.config()).build()).clock(this.clock).build();
	}

	/**
	 * @return the record of ended sessions of a new instance: the shared one in memory, or one of its own in the
	 * shared Redis
	 */
	SessionRevocations revocations() {
		return (this.redis != null) ? this.redis.revocations(this.clock) : this.sharedInMemory;
	}

	/**
	 * @param storage where the instance keeps sessions
	 * @return a new instance: its own engine, the shared record of ended sessions
	 */
	RequestSessions instance(SessionStorage storage) {
		return RequestSessions.builder(engine(), storage).revocations(revocations()).build();
	}

	/**
	 * @return a new instance keeping sessions in cookies
	 */
	RequestSessions cookieInstance() {
		return instance(SessionStorage.inCookies(this.codec, this.transactions));
	}

	/**
	 * @param coordination what the instance coordinates its cookie sessions through
	 * @return a new instance keeping sessions in cookies, coordinated with the others
	 */
	RequestSessions coordinatedCookieInstance(SessionCoordination coordination) {
		return instance(SessionStorage.inCookies(this.codec, this.transactions, coordination));
	}

	/**
	 * @return a new instance keeping sessions in cookies, coordinated through a Redis store of its own in the shared
	 * Redis, as the starter connects it
	 */
	RequestSessions coordinatedCookieInstance() {
		return coordinatedCookieInstance(SessionCoordination.through(redis().coordinationStore(this.clock,
				this.secrets)));
	}

	/**
	 * @param store where the instance keeps sessions
	 * @return a new instance keeping sessions in {@code store}, the browser holding the session ID cookie
	 */
	RequestSessions storeInstance(SessionStore store) {
		return instance(SessionStorage.inStore(store, this.ids, this.transactions));
	}

	/**
	 * @return a new instance keeping sessions in a Redis store of its own connection to the shared Redis
	 */
	RequestSessions storeInstance() {
		return storeInstance(redis().sessionStore(this.clock, this.secrets));
	}

	/**
	 * @return Logto rotating refresh tokens, answering the fake Logto's token requests from now on
	 */
	RotatingTokenHandler rotatingTokens() {
		RotatingTokenHandler tokens = new RotatingTokenHandler(this.logto, this.clock);
		this.logto.tokenHandler = tokens;
		return tokens;
	}

	/**
	 * @param refreshToken the session's refresh token
	 * @return a session signed in now whose access token expired an hour ago: its first token call refreshes
	 */
	LogtoSession signedInWithExpiredAccessToken(String refreshToken) {
		Instant past = this.clock.instant().minusSeconds(7200);
		return LogtoSession.create(SessionIdCookieCodec.newSessionId(), this.clock.instant())
			.withTokens(this.logto.mintIdToken(null), refreshToken)
			.withAccessToken(TokenKey.DEFAULT, new AccessToken("old-opaque", "openid", past, past.plusSeconds(3600)));
	}

	/**
	 * @return the cookies a browser holds for {@code session} kept in cookies
	 */
	Map<String, String> cookiesOf(LogtoSession session) {
		Map<String, String> jar = new HashMap<>();
		for (SetCookie cookie : this.codec.encode(session, this.clock.instant()).cookies()) {
			jar.put(cookie.name(), cookie.value());
		}
		return jar;
	}

	/**
	 * @return the cookie a browser holds for {@code session} kept in a store (its session ID)
	 */
	Map<String, String> browserOf(LogtoSession session) {
		return Map.of(this.settings.cookieName(), this.ids.encode(session.id()));
	}

	/**
	 * @return the claims of a logout token the fake Logto sends for {@code user-1}'s Logto session {@code sid-1}, now
	 */
	Map<String, Object> logoutTokenClaims() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", this.logto.issuer());
		claims.put("aud", FakeLogto.APP_ID);
		claims.put("iat", this.clock.instant().getEpochSecond());
		claims.put("exp", this.clock.instant().getEpochSecond() + 120);
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("sub", "user-1");
		claims.put("sid", "sid-1");
		claims.put("events", Map.of(BACKCHANNEL_LOGOUT_EVENT, Map.of()));
		return claims;
	}

	/**
	 * @param change changes the {@linkplain #logoutTokenClaims() claims}
	 * @return a logout token the fake Logto signs, typed {@code logout+jwt}
	 */
	String logoutToken(Consumer<Map<String, Object>> change) {
		Map<String, Object> claims = logoutTokenClaims();
		change.accept(claims);
		return signLogoutToken(claims, FakeLogto.EC_KEY, "logout+jwt");
	}

	/**
	 * @return a logout token signed with {@code key}, typed {@code typ} (none when {@code null})
	 */
	static String signLogoutToken(Map<String, Object> claims, ECKey key, @Nullable String typ) {
		JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(key.getKeyID());
		if (typ != null) {
			header.type(new JOSEObjectType(typ));
		}
		try {
			JWSObject jws = new JWSObject(header.build(), new Payload(JSONObjectUtils.toJSONString(claims)));
			jws.sign(new ECDSASigner(key));
			return jws.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @return whether {@code instance} counts the browser sending {@code cookies} as signed in
	 */
	static boolean signedIn(RequestSessions instance, Map<String, String> cookies) {
		return instance.open(cookies).client().isAuthenticated().block(TIMEOUT);
	}

	@Override
	public void close() {
		this.server.close();
	}

	private SharedRedis redis() {
		if (this.redis == null) {
			throw new IllegalStateException("these instances share no Redis: start them with sharing(SharedRedis)");
		}
		return this.redis;
	}
}
