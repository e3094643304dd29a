package io.github.logtoreactive.web;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.store.CookieDecodeResult;
import io.github.logtoreactive.store.InMemorySessionRevocations;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionRevocations;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.support.RotatingTokenHandler;
import io.github.logtoreactive.support.TestClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a protected path decides whether a request is signed in. When everything it needs is in memory (a cookie
 * session, a record of ended sessions in this instance, no revalidation due, no newer tokens to adopt) the decision is
 * made during {@link LogtoRouteHandler#protect} and returned as {@code Mono.empty()} or {@code Mono.just(answer)},
 * which an adapter reads without subscribing; in every other case it is a {@code Mono} to subscribe to, as before.
 * Both ways give the same answer and the same cookies.
 */
@Timeout(60)
class SignedInDecisionTests {

	private static final Duration TIMEOUT = ApplicationInstances.TIMEOUT;

	private static final String APP = "https://app.example.com";

	@AutoClose
	final ApplicationInstances app = ApplicationInstances.inMemory()
		.configure(config -> config.transientRetries(0));

	final LogtoRouteHandler handler = LogtoRouteHandler.builder().build();

	final RouteRequest api = new TestRouteRequest("GET", APP + "/orders");

	final RotatingTokenHandler tokens = this.app.rotatingTokens();

	final LogtoSession signedIn = this.app.signedInWithExpiredAccessToken(this.tokens.issueRefreshToken());

	final TestClock clock = this.app.clock;

	final SessionCookieCodec codec = this.app.codec;

	private RequestSessions instance(SessionRevocations revocations) {
		return RequestSessions.builder(this.app.engine(), SessionStorage.inCookies(this.codec, this.app.transactions))
			.revocations(revocations)
			.build();
	}

	private RequestSessions instance() {
		return instance(InMemorySessionRevocations.create(this.clock));
	}

	private Map<String, String> cookiesOf(LogtoSession session) {
		return this.app.cookiesOf(session);
	}

	private Mono<HttpAnswer> protect(RequestSession session) {
		return this.handler.protect(this.api, session.client(), true, List.of());
	}

	/** What an adapter reads without subscribing; fails the test when the decision was left to a subscription. */
	private static @Nullable HttpAnswer decidedAtOnce(Mono<HttpAnswer> decision) throws Exception {
		assertThat(decision).as("decided during protect()").isInstanceOf(Callable.class);
		return ((Callable<?>) decision).call() instanceof HttpAnswer answer ? answer : null;
	}

	@Test
	void aSignedInCookieSessionWithNothingDueIsLetThroughDuringTheCallWithoutAskingLogto() throws Exception {
		RequestSession request = instance().open(cookiesOf(this.signedIn));

		assertThat(decidedAtOnce(protect(request))).as("let through").isNull();
		assertThat(request.commit()).as("nothing changed, no cookie").isEmpty();
		assertThat(this.app.logto.tokenCount()).isZero();
	}

	@Test
	void aRequestWithoutASessionIsAnsweredDuringTheCall() throws Exception {
		HttpAnswer answer = decidedAtOnce(protect(instance().open(Map.of())));

		assertThat(answer).isNotNull();
		assertThat(answer.status()).isEqualTo(401);
	}

	@Test
	void aSessionThatEndedIsRefusedDuringTheCallAndItsCookieDeleted() throws Exception {
		SessionRevocations record = InMemorySessionRevocations.create(this.clock);
		record.endSession(this.signedIn.id(), this.clock.instant().plus(Duration.ofDays(30))).block(TIMEOUT);
		RequestSession replay = instance(record).open(cookiesOf(this.signedIn));

		HttpAnswer answer = decidedAtOnce(protect(replay));

		assertThat(answer).isNotNull();
		assertThat(answer.status()).isEqualTo(401);
		assertThat(replay.commit()).isNotEmpty().allMatch(SetCookie::isDeletion);
	}

	@Test
	void aSessionDueForRevalidationIsDecidedBySubscribingAfterOneRefresh() {
		this.clock.advance(Duration.ofHours(2));
		RequestSession request = instance().open(cookiesOf(this.signedIn));

		Mono<HttpAnswer> decision = protect(request);

		assertThat(decision).as("needs Logto").isNotInstanceOf(Callable.class);
		assertThat(decision.block(TIMEOUT)).as("let through once revalidated").isNull();
		assertThat(this.tokens.refreshRequests.get()).isEqualTo(1);
		assertThat(request.commit()).as("the revalidated session's cookie").isNotEmpty()
			.noneMatch(SetCookie::isDeletion);
	}

	@Test
	void anOlderCookieOfASessionThisInstanceRefreshedIsLetThroughDuringTheCallAndGetsTheNewTokens() throws Exception {
		RequestSessions instance = instance();
		Map<String, String> older = cookiesOf(this.signedIn);
		RequestSession refreshing = instance.open(older);
		refreshing.client().getAccessToken().block(TIMEOUT);
		String rotated = decode(refreshing.commit()).refreshToken();
		assertThat(rotated).isNotEqualTo(this.signedIn.refreshToken());

		RequestSession next = instance.open(older);

		assertThat(decidedAtOnce(protect(next))).as("the newer tokens are adopted in memory").isNull();
		assertThat(decode(next.commit()).refreshToken()).as("the browser gets the rotated token").isEqualTo(rotated);
		assertThat(this.tokens.refreshRequests.get()).isEqualTo(1);
	}

	@Test
	void aRecordOfEndedSessionsThatAnswersLaterIsAskedBySubscribingWithTheSameAnswers() {
		InMemorySessionRevocations memory = InMemorySessionRevocations.create(this.clock);
		SessionRevocations later = new AnsweringLater(memory);
		Map<String, String> cookies = cookiesOf(this.signedIn);

		Mono<HttpAnswer> live = protect(instance(later).open(cookies));
		assertThat(live).isNotInstanceOf(Callable.class);
		assertThat(live.block(TIMEOUT)).as("let through").isNull();

		memory.endSession(this.signedIn.id(), this.clock.instant().plus(Duration.ofDays(30))).block(TIMEOUT);
		RequestSession replay = instance(later).open(cookies);
		Mono<HttpAnswer> ended = protect(replay);
		assertThat(ended).isNotInstanceOf(Callable.class);
		assertThat(ended.block(TIMEOUT).status()).isEqualTo(401);
		assertThat(replay.commit()).isNotEmpty().allMatch(SetCookie::isDeletion);
	}

	@Test
	void theClientReadsTheSessionDecidedDuringTheCallWithoutReadingItAgain() throws Exception {
		RequestSession request = instance().open(cookiesOf(this.signedIn));
		assertThat(decidedAtOnce(protect(request))).isNull();

		assertThat(request.client().getIdTokenClaims().block(TIMEOUT).sub()).isEqualTo("user-1");
		assertThat(request.client().isAuthenticated().block(TIMEOUT)).isTrue();
		assertThat(request.commit()).isEmpty();
	}

	private LogtoSession decode(List<SetCookie> cookies) {
		Map<String, String> jar = new HashMap<>();
		cookies.forEach(cookie -> jar.put(cookie.name(), cookie.value()));
		CookieDecodeResult<LogtoSession> result = this.codec.decode(jar, this.clock.instant());
		return result.value().orElseThrow();
	}

	/** A record of ended sessions kept elsewhere: it answers through a subscription, as Redis does. */
	private record AnsweringLater(SessionRevocations memory) implements SessionRevocations {

		@Override
		public Mono<Void> endSession(String sessionId, Instant keepUntil) {
			return Mono.defer(() -> this.memory.endSession(sessionId, keepUntil));
		}

		@Override
		public Mono<Void> endLogtoSession(String sid, Instant keepUntil) {
			return Mono.defer(() -> this.memory.endLogtoSession(sid, keepUntil));
		}

		@Override
		public Mono<Void> endSubject(String sub, Instant endedAt, Instant keepUntil) {
			return Mono.defer(() -> this.memory.endSubject(sub, endedAt, keepUntil));
		}

		@Override
		public Mono<Boolean> isEnded(String sessionId, @Nullable String sid, @Nullable String sub,
				Instant createdAt) {
			return Mono.defer(() -> this.memory.isEnded(sessionId, sid, sub, createdAt));
		}

		@Override
		public Mono<Boolean> useLogoutToken(String jti, Instant issuedAt, Instant keepUntil) {
			return Mono.defer(() -> this.memory.useLogoutToken(jti, issuedAt, keepUntil));
		}

		@Override
		public boolean isClusterScoped() {
			return true;
		}
	}
}
