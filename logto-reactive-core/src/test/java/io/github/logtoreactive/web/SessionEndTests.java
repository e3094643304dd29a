package io.github.logtoreactive.web;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenEndpointException;
import io.github.logtoreactive.store.InMemorySessionRevocations;
import io.github.logtoreactive.store.InMemorySessionStore;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionRevocations;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.RotatingTokenHandler;
import io.github.logtoreactive.support.TestClock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How sessions end: a sign-out ends every copy of the session on every instance sharing the record of ended
 * sessions, and a session whose ID token expired is revalidated with Logto (one refresh) before it counts as signed
 * in. Two {@link RequestSessions} over one engine configuration stand for two instances.
 */
@Timeout(60)
class SessionEndTests {

	private static final Duration TIMEOUT = ApplicationInstances.TIMEOUT;

	@AutoClose
	final ApplicationInstances app = ApplicationInstances.inMemory()
		.configure(config -> config.transientRetries(0));

	final TestClock clock = this.app.clock;

	final SessionCookieCodec codec = this.app.codec;

	final SessionRevocations shared = this.app.revocations();

	final FakeLogto logto = this.app.logto;

	final RotatingTokenHandler tokens = this.app.rotatingTokens();

	final LogtoSession signedIn = this.app.signedInWithExpiredAccessToken(this.tokens.issueRefreshToken());

	/** An instance with cookie sessions, sharing the record of ended sessions. */
	private RequestSessions instance() {
		return this.app.cookieInstance();
	}

	private Map<String, String> cookiesOf(LogtoSession session) {
		return this.app.cookiesOf(session);
	}

	private static boolean signedIn(RequestSessions sessions, Map<String, String> cookies) {
		return ApplicationInstances.signedIn(sessions, cookies);
	}

	@Test
	void aCookieCapturedBeforeSignOutIsRefusedAfterItOnThisAndAnotherInstance() {
		RequestSessions a = instance();
		RequestSessions b = instance();
		Map<String, String> captured = cookiesOf(this.signedIn);
		assertThat(signedIn(b, captured)).isTrue();

		a.open(captured).client().signOut("http://localhost:8080/").block(TIMEOUT);

		assertThat(signedIn(a, captured)).isFalse();
		RequestSession replay = b.open(captured);
		assertThat(replay.client().isAuthenticated().block(TIMEOUT)).isFalse();
		assertThat(replay.commit()).as("the replayed cookie is deleted").isNotEmpty().allMatch(SetCookie::isDeletion);
	}

	@Test
	void everyCookieOfTheSessionIsRefusedAfterSignOutNotOnlyTheLastOne() {
		RequestSessions a = instance();
		Map<String, String> first = cookiesOf(this.signedIn);
		this.clock.advance(Duration.ofMinutes(5));
		Map<String, String> later = cookiesOf(this.signedIn.withoutAccessTokens());

		a.open(later).client().signOut(null).onErrorComplete().block(TIMEOUT);

		assertThat(signedIn(instance(), first)).isFalse();
		assertThat(signedIn(instance(), later)).isFalse();
	}

	@Test
	void aSessionSignedOutStaysEndedUntilItsAbsoluteTimeoutAndNoLonger() {
		InMemorySessionRevocations record = new InMemorySessionRevocations(this.clock, 10);
		record.endSession("s1", this.clock.instant().plus(Duration.ofDays(30))).block(TIMEOUT);

		this.clock.advance(Duration.ofDays(30).minusSeconds(1));
		assertThat(record.isEnded("s1", null, null, Instant.EPOCH.plusSeconds(1)).block(TIMEOUT)).isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(record.isEnded("s1", null, null, this.clock.instant()).block(TIMEOUT)).isFalse();
	}

	@Test
	void aFullRecordRefusesEverySessionStartedBeforeWhatItDroppedRatherThanForgetIt() {
		InMemorySessionRevocations record = new InMemorySessionRevocations(this.clock, 2);
		Instant keep = this.clock.instant().plus(Duration.ofDays(30));
		Instant firstStart = this.clock.instant();
		record.endSession("s1", keep).block(TIMEOUT);
		this.clock.advance(Duration.ofMinutes(1));
		record.endSession("s2", keep).block(TIMEOUT);
		this.clock.advance(Duration.ofMinutes(1));
		record.endSession("s3", keep).block(TIMEOUT);

		assertThat(record.isEnded("s1", null, null, firstStart).block(TIMEOUT)).as("dropped, still refused")
			.isTrue();
		assertThat(record.isEnded("live", null, null, firstStart.minusSeconds(60)).block(TIMEOUT))
			.as("a session older than the dropped entry counts as ended").isTrue();
		assertThat(record.isEnded("live", null, null, this.clock.instant()).block(TIMEOUT))
			.as("a newer session is not").isFalse();
	}

	@Test
	void aStoreSessionIdReplayedAfterABackChannelLogoutIsRefusedAndDeletedFromTheStore() {
		SessionStore store = InMemorySessionStore.builder().clock(this.clock).build();
		store.save(this.signedIn, SessionStore.ABSENT).block(TIMEOUT);
		RequestSessions sessions = this.app.storeInstance(store);
		Map<String, String> browser = this.app.browserOf(this.signedIn);
		assertThat(signedIn(sessions, browser)).isTrue();

		this.shared.endLogtoSession("sid-1", this.clock.instant().plus(Duration.ofDays(30))).block(TIMEOUT);

		RequestSession replay = sessions.open(browser);
		assertThat(replay.client().isAuthenticated().block(TIMEOUT)).isFalse();
		assertThat(replay.commit()).anyMatch(SetCookie::isDeletion);
		assertThat(store.load(this.signedIn.id()).block(TIMEOUT)).isNull();
	}

	@Test
	void aSubjectLogoutEndsTheSessionsStartedBeforeItNotTheOnesAfter() {
		RequestSessions a = instance();
		Map<String, String> before = cookiesOf(this.signedIn);
		this.shared.endSubject("user-1", this.clock.instant(), this.clock.instant().plus(Duration.ofDays(30)))
			.block(TIMEOUT);
		this.clock.advance(Duration.ofSeconds(2));
		LogtoSession after = LogtoSession.create(SessionIdCookieCodec.newSessionId(), this.clock.instant())
			.withTokens(this.logto.mintIdToken(null), this.tokens.issueRefreshToken());

		assertThat(signedIn(a, before)).isFalse();
		assertThat(signedIn(a, cookiesOf(after))).isTrue();
	}

	@Test
	void aGrantRevokedAtLogtoEndsTheSessionOnceTheIdTokenExpiredAndClearsTheCookie() {
		RequestSessions a = instance();
		Map<String, String> browser = cookiesOf(this.signedIn);
		this.tokens.grant.revoked = true;
		assertThat(signedIn(a, browser)).as("the ID token is still valid: no round trip").isTrue();
		assertThat(this.tokens.refreshRequests).hasValue(0);

		this.clock.advance(Duration.ofMinutes(61));

		RequestSession request = a.open(browser);
		assertThat(request.client().isAuthenticated().block(TIMEOUT)).isFalse();
		assertThat(this.tokens.refreshRequests).hasValue(1);
		assertThat(request.commit()).as("the session cookie is cleared").isNotEmpty()
			.allMatch(SetCookie::isDeletion);
	}

	@Test
	void aLiveGrantKeepsTheSessionSignedInWithTheRefreshedIdToken() {
		RequestSessions a = instance();
		Map<String, String> browser = cookiesOf(this.signedIn);
		this.clock.advance(Duration.ofMinutes(61));

		RequestSession request = a.open(browser);
		assertThat(request.client().isAuthenticated().block(TIMEOUT)).isTrue();
		Map<String, String> next = browserAfter(browser, request.commit());
		LogtoSession written = this.codec.decode(next, this.clock.instant()).value().orElseThrow();

		assertThat(this.tokens.refreshRequests).hasValue(1);
		assertThat(written.idToken()).isNotEqualTo(this.signedIn.idToken());
		assertThat(signedIn(a, next)).as("no second revalidation").isTrue();
		assertThat(this.tokens.refreshRequests).hasValue(1);
	}

	@Test
	void revalidateAfterRevalidatesBeforeTheIdTokenExpires() {
		RequestSessions a = this.app.configure(config -> config.transientRetries(0)
			.revalidateAfter(Duration.ofMinutes(10))).cookieInstance();
		Map<String, String> browser = cookiesOf(this.signedIn);
		this.clock.advance(Duration.ofMinutes(9));
		assertThat(signedIn(a, browser)).isTrue();
		assertThat(this.tokens.refreshRequests).hasValue(0);
		this.tokens.grant.revoked = true;

		this.clock.advance(Duration.ofMinutes(1));

		assertThat(signedIn(a, browser)).isFalse();
		assertThat(this.tokens.refreshRequests).hasValue(1);
	}

	@Test
	void manyConcurrentRequestsOfAnExpiredSessionCostOneTokenRequest() {
		RequestSessions a = instance();
		Map<String, String> browser = cookiesOf(this.signedIn);
		this.clock.advance(Duration.ofMinutes(61));

		List<Boolean> answers = Flux.range(0, 32)
			.flatMap(i -> a.open(browser).client().isAuthenticated().subscribeOn(Schedulers.parallel()))
			.collectList()
			.block(TIMEOUT);

		assertThat(answers).hasSize(32).containsOnly(true);
		assertThat(this.tokens.refreshRequests).hasValue(1);
	}

	@Test
	void logtoUnreachableWhileRevalidatingIsATypedErrorAndTheSessionIsKept() {
		RequestSessions a = instance();
		Map<String, String> browser = cookiesOf(this.signedIn);
		this.clock.advance(Duration.ofMinutes(61));
		this.logto.tokenHandler = request -> FakeLogto.json(503,
				FakeLogto.logtoError("server_error", "oops! something went wrong"));

		RequestSession request = a.open(browser);
		assertThatThrownBy(() -> request.client().isAuthenticated().block(TIMEOUT))
			.isInstanceOf(TokenEndpointException.class);
		assertThat(request.commit()).as("the cookie is left as it is").isEmpty();

		this.logto.tokenHandler = this.tokens;
		assertThat(signedIn(a, browser)).isTrue();
	}

	@Test
	void aProtectedPathIsAnswered502NotSignedInWhenLogtoIsUnreachableWhileRevalidating() {
		RequestSessions a = instance();
		Map<String, String> browser = cookiesOf(this.signedIn);
		this.clock.advance(Duration.ofMinutes(61));
		this.logto.tokenHandler = request -> FakeLogto.json(503,
				FakeLogto.logtoError("server_error", "oops! something went wrong"));
		LogtoRouteHandler handler = LogtoRouteHandler.builder().build();

		HttpAnswer answer = handler.protect(new TestRouteRequest("GET", "http://localhost:8080/private"),
				a.open(browser).client(), true, List.of()).block(TIMEOUT);

		assertThat(answer.status()).isEqualTo(502);
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
}
