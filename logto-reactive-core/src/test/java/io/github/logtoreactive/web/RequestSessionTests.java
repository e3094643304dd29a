package io.github.logtoreactive.web;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SignInOptions;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.InMemorySessionStore;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.RotatingTokenHandler;
import io.github.logtoreactive.support.TestClock;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session pipeline without any web framework: cookies in, a client, cookies out, against a fake Logto that
 * rotates refresh tokens like Logto.
 */
@Timeout(60)
class RequestSessionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	final SessionCookieSettings settings = SessionCookieSettings.builder().secure(false).build();

	final CookieSecrets secrets = CookieSecrets.of(FakeLogto.APP_ID, SECRET);

	final SessionCookieCodec codec = SessionCookieCodec.create(this.secrets, this.settings);

	final TransactionCookieCodec transactions = TransactionCookieCodec.create(this.secrets, this.settings);

	FakeLogto logto;

	RotatingTokenHandler tokens;

	LogtoEngine engine;

	/** Signed in, its default access token expired: the first token call refreshes. */
	LogtoSession signedIn;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, this.clock);
		this.tokens = new RotatingTokenHandler(this.logto, this.clock);
		this.logto.tokenHandler = this.tokens;
		this.engine = LogtoEngine.builder(this.logto.config().build()).clock(this.clock).build();
		Instant past = this.clock.instant().minusSeconds(7200);
		this.signedIn = LogtoSession.create(SessionIdCookieCodec.newSessionId(), this.clock.instant())
			.withTokens(this.logto.mintIdToken(null), this.tokens.issueRefreshToken())
			.withAccessToken(TokenKey.DEFAULT, new AccessToken("old-opaque", "openid", past, past.plusSeconds(3600)));
	}

	private RequestSessions inCookies() {
		return RequestSessions.of(this.engine, SessionStorage.inCookies(this.codec, this.transactions));
	}

	private Map<String, String> cookiesOf(LogtoSession session) {
		return browserAfter(Map.of(), this.codec.encode(session, this.clock.instant()).cookies());
	}

	/** The cookies a browser sends after a response set these (a deletion removes the cookie). */
	private static Map<String, String> browserAfter(Map<String, String> before, List<SetCookie> set) {
		Map<String, String> jar = new HashMap<>(before);
		for (SetCookie cookie : set) {
			if (cookie.isDeletion()) {
				jar.remove(cookie.name());
			}
			else {
				jar.put(cookie.name(), cookie.value());
			}
		}
		return jar;
	}

	private @Nullable LogtoSession sessionIn(Map<String, String> cookies) {
		return this.codec.decode(cookies, this.clock.instant()).value().orElse(null);
	}

	@Test
	void commitWhenTheClientWasNeverUsedThenNoCookieAndNothingRead() {
		CountingStore store = new CountingStore(InMemorySessionStore.builder().clock(this.clock).build());
		RequestSessions sessions = RequestSessions.of(this.engine, SessionStorage.inStore(store,
				SessionIdCookieCodec.create(this.secrets, this.settings), this.transactions));
		Map<String, String> cookies = Map.of(this.settings.cookieName(),
				SessionIdCookieCodec.create(this.secrets, this.settings).encode(this.signedIn.id()));

		RequestSession session = sessions.open(cookies);

		assertThat(session.commit()).isEmpty();
		assertThat(store.loads).hasValue(0);
	}

	@Test
	void clientWhenAskedManyTimesThenTheStoreIsReadOnce() {
		CountingStore store = new CountingStore(InMemorySessionStore.builder().clock(this.clock).build());
		store.save(this.signedIn, SessionStore.ABSENT).block(TIMEOUT);
		SessionIdCookieCodec ids = SessionIdCookieCodec.create(this.secrets, this.settings);
		RequestSessions sessions = RequestSessions.of(this.engine, SessionStorage.inStore(store, ids,
				this.transactions));
		LogtoClient client = sessions.open(Map.of(this.settings.cookieName(), ids.encode(this.signedIn.id())))
			.client();

		for (int i = 0; i < 3; i++) {
			assertThat(client.isAuthenticated().block(TIMEOUT)).isTrue();
		}

		assertThat(store.loads).hasValue(1);
	}

	@Test
	void commitWhenSignInStartedThenOneTransactionCookie() {
		RequestSession session = inCookies().open(Map.of());

		session.client().signIn(SignInOptions.builder("http://localhost:8080/logto/callback").build()).block(TIMEOUT);
		List<SetCookie> set = session.commit();

		assertThat(set).singleElement()
			.satisfies(cookie -> assertThat(cookie.name()).startsWith(this.settings.transactionCookiePrefix()));
	}

	@Test
	void commitWhenSignedInAndNothingChangedThenNoCookie() {
		RequestSession session = inCookies().open(cookiesOf(this.signedIn));

		assertThat(session.client().isAuthenticated().block(TIMEOUT)).isTrue();

		assertThat(session.commit()).isEmpty();
	}

	@Test
	void commitWhenTokensRefreshedThenTheSessionCookieCarriesThem() {
		RequestSessions sessions = inCookies();
		RequestSession session = sessions.open(cookiesOf(this.signedIn));

		session.client().getAccessToken().block(TIMEOUT);
		Map<String, String> browser = browserAfter(cookiesOf(this.signedIn), session.commit());

		LogtoSession written = sessionIn(browser);
		assertThat(written.refreshToken()).isNotEqualTo(this.signedIn.refreshToken());
		assertThat(this.tokens.isLive(written.refreshToken())).isTrue();
		assertThat(sessions.statistics().cookieWrites()).isEqualTo(1);
		assertThat(sessions.statistics().afterCommitSaves()).isZero();
	}

	@Test
	void commitWhenAConcurrentRequestOfTheBrowserRefreshedThenTheNewestRefreshTokenIsWritten() {
		RequestSessions sessions = inCookies();
		Map<String, String> browser = cookiesOf(this.signedIn);
		RequestSession slow = sessions.open(browser);
		slow.client().clearAccessTokens().block(TIMEOUT);
		RequestSession fast = sessions.open(browser);
		fast.client().getAccessToken().block(TIMEOUT);
		String newest = sessionIn(browserAfter(browser, fast.commit())).refreshToken();

		LogtoSession written = sessionIn(browserAfter(browser, slow.commit()));

		assertThat(written.refreshToken()).as("the slow request does not put back the consumed refresh token")
			.isEqualTo(newest);
	}

	@Test
	void changeAfterCommitWhenCookieSessionsThenTheBrowsersNextRequestAdoptsIt() {
		RequestSessions sessions = inCookies();
		Map<String, String> browser = cookiesOf(this.signedIn);
		RequestSession streaming = sessions.open(browser);
		streaming.client().isAuthenticated().block(TIMEOUT);
		assertThat(streaming.commit()).isEmpty();

		String refreshed = streaming.client().getAccessToken().block(TIMEOUT);

		assertThat(sessions.statistics().afterCommitSaves()).isEqualTo(1);
		assertThat(this.engine.statistics().retainedAfterCommit()).as("kept by the engine").isEqualTo(1);
		RequestSession next = sessions.open(browser);
		assertThat(next.client().getAccessToken().block(TIMEOUT)).as("no second refresh").isEqualTo(refreshed);
		assertThat(this.tokens.refreshRequests).hasValue(1);
		LogtoSession written = sessionIn(browserAfter(browser, next.commit()));
		assertThat(this.tokens.isLive(written.refreshToken())).as("the next response carries the newest tokens")
			.isTrue();
		assertThat(written.refreshToken()).isNotEqualTo(this.signedIn.refreshToken());
	}

	@Test
	void changeAfterCommitWhenStoreThenWrittenThroughNotKeptByTheEngine() {
		SessionStore store = InMemorySessionStore.builder().clock(this.clock).build();
		store.save(this.signedIn, SessionStore.ABSENT).block(TIMEOUT);
		SessionIdCookieCodec ids = SessionIdCookieCodec.create(this.secrets, this.settings);
		RequestSessions sessions = RequestSessions.of(this.engine, SessionStorage.inStore(store, ids,
				this.transactions));
		Map<String, String> browser = Map.of(this.settings.cookieName(), ids.encode(this.signedIn.id()));
		RequestSession streaming = sessions.open(browser);
		streaming.client().isAuthenticated().block(TIMEOUT);
		assertThat(streaming.commit()).isEmpty();

		streaming.client().getAccessToken().block(TIMEOUT);

		assertThat(this.tokens.isLive(store.load(this.signedIn.id()).block(TIMEOUT).refreshToken())).isTrue();
		assertThat(sessions.statistics().afterCommitSaves()).isEqualTo(1);
		assertThat(this.engine.statistics().retainedAfterCommit()).as("the store holds it").isZero();
	}

	@Test
	void commitWhenTheSessionCookieWasTamperedThenItIsDeleted() {
		Map<String, String> browser = new HashMap<>(cookiesOf(this.signedIn));
		browser.put(this.settings.cookieName(), browser.get(this.settings.cookieName()) + "x");
		RequestSession session = inCookies().open(browser);

		assertThat(session.client().isAuthenticated().block(TIMEOUT)).isFalse();

		assertThat(session.commit()).isNotEmpty().allMatch(SetCookie::isDeletion)
			.anyMatch(cookie -> cookie.name().equals(this.settings.cookieName()));
	}

	@Test
	void commitWhenSignedOutThenTheSessionCookieIsDeleted() {
		RequestSession session = inCookies().open(cookiesOf(this.signedIn));

		session.client().signOut("http://localhost:8080/").block(TIMEOUT);

		assertThat(browserAfter(cookiesOf(this.signedIn), session.commit())).isEmpty();
	}

	/** A store that counts its reads. */
	private static final class CountingStore implements SessionStore {

		final AtomicInteger loads = new AtomicInteger();

		private final SessionStore delegate;

		CountingStore(SessionStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public Mono<LogtoSession> load(String sessionId) {
			return Mono.defer(() -> {
				this.loads.incrementAndGet();
				return this.delegate.load(sessionId);
			});
		}

		@Override
		public Mono<Boolean> save(LogtoSession session, long expectedVersion) {
			return this.delegate.save(session, expectedVersion);
		}

		@Override
		public Mono<Void> delete(String sessionId) {
			return this.delegate.delete(sessionId);
		}
	}
}
