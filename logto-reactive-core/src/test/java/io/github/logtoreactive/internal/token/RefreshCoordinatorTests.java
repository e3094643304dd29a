package io.github.logtoreactive.internal.token;

import io.github.logtoreactive.support.TestSessionBinding;
import io.github.logtoreactive.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.OrganizationAccessException;
import io.github.logtoreactive.SessionExpiredException;
import io.github.logtoreactive.TokenEndpointException;
import io.github.logtoreactive.TokenKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class RefreshCoordinatorTests {

	private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

	/** How long a session changed after its response was committed is kept (the webflux default). */
	private static final Duration PENDING_TTL = Duration.ofHours(12);

	private static final List<TokenKey> FIVE_KEYS = List.of(TokenKey.resource("https://a.example"),
			TokenKey.resource("https://b.example"), TokenKey.resource("https://c.example"),
			TokenKey.organization("org-1"), TokenKey.organization("org-2"));

	private TestClock clock;

	private LogtoConfig config;

	private LogtoSession expiredSession;

	@BeforeEach
	void setUp() {
		this.clock = new TestClock(START);
		this.config = LogtoConfig.builder().endpoint("https://logto.example").appId("app").appSecret("secret").build();
		this.expiredSession = LogtoSession.create("session-1", START)
			.withTokens("id.token.v1", "rt-0")
			.withAccessToken(TokenKey.DEFAULT,
					new AccessToken("opaque-0", "openid", START.minusSeconds(7200), START.minusSeconds(3600)));
	}

	private RefreshCoordinator coordinator(TokenEndpoint endpoint) {
		return new RefreshCoordinator(endpoint, Mono::just, this.config, this.clock, Schedulers.parallel());
	}

	@Test
	void obtainWhenThousandConcurrentCallersOverFiveKeysThenFiveRequestsAndNoInvalidGrant() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ofMillis(20), "rt-0");
		RefreshCoordinator coordinator = coordinator(logto);
		ConcurrentLinkedQueue<TestSessionBinding> bindings = new ConcurrentLinkedQueue<>();

		List<Mono<Map.Entry<TokenKey, String>>> calls = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			TokenKey key = FIVE_KEYS.get(i % FIVE_KEYS.size());
			calls.add(Mono.defer(() -> {
				TestSessionBinding binding = new TestSessionBinding(this.expiredSession);
				bindings.add(binding);
				return coordinator.obtain(this.expiredSession, key, false, binding, null);
			}).map(session -> Map.entry(key, session.accessToken(key).token())).subscribeOn(Schedulers.parallel()));
		}

		List<Map.Entry<TokenKey, String>> answers = Flux.merge(calls).collectList().block(Duration.ofSeconds(30));
		// Each caller got the token of its own key (the fake names the audience in the token), one token per key.
		assertThat(answers).hasSize(1000)
			.allSatisfy(answer -> assertThat(answer.getValue())
				.matches("h\\." + Pattern.quote(audienceOf(answer.getKey())) + "-\\d+\\.s"));
		assertThat(answers.stream().map(Map.Entry::getValue).distinct()).hasSize(5);
		assertThat(logto.requests.get()).as("one token request per key").isEqualTo(5);
		assertThat(logto.invalidGrants.get()).isZero();
		assertThat(new HashSet<>(logto.requestedKeys)).containsExactlyInAnyOrderElementsOf(FIVE_KEYS);
		// Responses that completed before the last rotation carry an older refresh token; a later request presenting
		// any of them is brought up to date without a token request (no replay of a consumed refresh token).
		for (TestSessionBinding binding : bindings) {
			LogtoSession again = coordinator.obtain(binding.current(), FIVE_KEYS.get(0), false, binding, null)
				.block(Duration.ofSeconds(5));
			assertThat(logto.isLive(again.refreshToken())).isTrue();
		}
		assertThat(logto.requests.get()).isEqualTo(5);
		assertThat(coordinator.joinCount()).as("callers shared refreshes under way").isPositive();
	}

	@Test
	void obtainWhenLateRequestPresentsReplacedRefreshTokenThenAdoptsWithoutReplay() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		RefreshCoordinator coordinator = coordinator(logto);
		TokenKey api = FIVE_KEYS.get(0);

		LogtoSession first = coordinator
			.obtain(this.expiredSession, api, false, new TestSessionBinding(this.expiredSession), null)
			.block(Duration.ofSeconds(5));
		this.clock.advance(Duration.ofSeconds(10));
		LogtoSession late = coordinator
			.obtain(this.expiredSession, api, false, new TestSessionBinding(this.expiredSession), null)
			.block(Duration.ofSeconds(5));

		assertThat(logto.requestedKeys).containsExactly(api);
		assertThat(late.refreshToken()).isEqualTo(first.refreshToken()).isEqualTo("rt-1");
		assertThat(late.accessToken(api)).isEqualTo(first.accessToken(api));
		assertThat(coordinator.adoptionCount()).isEqualTo(1);
	}

	@Test
	void obtainWhenTokenOutsideSkewThenNoRequest() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		TokenKey api = FIVE_KEYS.get(0);
		LogtoSession fresh = this.expiredSession.withAccessToken(api,
				new AccessToken("h.a.s", "read", START, START.plusSeconds(3600)));

		StepVerifier.create(coordinator(logto).obtain(fresh, api, false, new TestSessionBinding(fresh), null))
			.expectNext(fresh)
			.verifyComplete();
		assertThat(logto.requests.get()).isZero();
	}

	@Test
	void obtainWhenWithinSkewThenRefreshesButShortTokenUsesHalfItsLifetime() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		RefreshCoordinator coordinator = coordinator(logto);
		TokenKey api = FIVE_KEYS.get(0);
		// A 5-second token with the default 60 s skew must not be refreshed on every use: skew caps at 2.5 s.
		LogtoSession shortLived = this.expiredSession.withAccessToken(api,
				new AccessToken("h.short.s", "", START, START.plusSeconds(5)));

		this.clock.advance(Duration.ofSeconds(2));
		StepVerifier.create(coordinator.obtain(shortLived, api, false, new TestSessionBinding(shortLived), null))
			.expectNext(shortLived)
			.verifyComplete();
		this.clock.advance(Duration.ofMillis(600));
		StepVerifier.create(coordinator.obtain(shortLived, api, false, new TestSessionBinding(shortLived), null))
			.assertNext(s -> assertThat(s.accessToken(api).token()).isNotEqualTo("h.short.s"))
			.verifyComplete();
		assertThat(logto.requests.get()).isEqualTo(1);
	}

	@Test
	void obtainWhenForceRefreshThenRequestsEvenIfFresh() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		TokenKey api = FIVE_KEYS.get(0);
		LogtoSession fresh = this.expiredSession.withAccessToken(api,
				new AccessToken("h.a.s", "read", START, START.plusSeconds(3600)));

		StepVerifier.create(coordinator(logto).obtain(fresh, api, true, new TestSessionBinding(fresh), null))
			.assertNext(s -> {
				assertThat(s.accessToken(api).token()).isNotEqualTo("h.a.s");
				assertThat(s.refreshToken()).isEqualTo("rt-1");
			})
			.verifyComplete();
		assertThat(logto.requests.get()).isEqualTo(1);
	}

	@Test
	void accessTokenWhenFreshAndNoRefreshRanThenTheCachedTokenWithoutSaveOrRequest() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		TokenKey api = FIVE_KEYS.get(0);
		LogtoSession fresh = this.expiredSession.withAccessToken(api,
				new AccessToken("h.a.s", "read", START, START.plusSeconds(3600)));
		TestSessionBinding binding = new TestSessionBinding(fresh);

		StepVerifier.create(coordinator(logto).accessToken(fresh, api, false, binding, null))
			.expectNext("h.a.s")
			.verifyComplete();
		assertThat(binding.current()).isSameAs(fresh);
		assertThat(logto.requests.get()).isZero();
	}

	@Test
	void accessTokenWhenFreshButAnotherRequestRefreshedThenTheNewerTokensAreAdoptedAndSaved() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		RefreshCoordinator coordinator = coordinator(logto);
		TokenKey api = FIVE_KEYS.get(0);
		LogtoSession fresh = this.expiredSession.withAccessToken(api,
				new AccessToken("h.a.s", "read", START, START.plusSeconds(3600)));
		// another request of the same cookie refreshed (rt-0 -> rt-1, a newer token for api)
		StepVerifier.create(coordinator.obtain(fresh, api, true, new TestSessionBinding(fresh), null))
			.expectNextCount(1)
			.verifyComplete();
		TestSessionBinding late = new TestSessionBinding(fresh);

		StepVerifier.create(coordinator.accessToken(fresh, api, false, late, null))
			.assertNext(token -> assertThat(token).isNotEqualTo("h.a.s")
				.isEqualTo(late.current().accessToken(api).token()))
			.verifyComplete();
		assertThat(late.current().refreshToken()).isEqualTo("rt-1");
		assertThat(logto.requests.get()).isEqualTo(1);
	}

	@Test
	void obtainWhenInvalidGrantThenSessionExpiredAndTokensCleared() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "another-token");
		TestSessionBinding binding = new TestSessionBinding(this.expiredSession);

		StepVerifier.create(coordinator(logto).obtain(this.expiredSession, FIVE_KEYS.get(0), false, binding, null))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(SessionExpiredException.class)
				.extracting(e -> ((SessionExpiredException) e).code())
				.isEqualTo("token_endpoint.invalid_grant"))
			.verify(Duration.ofSeconds(5));
		assertThat(binding.current().isAuthenticated()).isFalse();
		assertThat(binding.current().refreshToken()).isNull();
		assertThat(binding.current().accessTokens()).isEmpty();
	}

	@Test
	void obtainWhenOrganizationForbiddenThenTypedErrorAndSessionIntact() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		logto.nextFailure.set(new TokenEndpointException(403, "access_denied",
				"user is not a member of the organization", "oidc.access_denied", null));
		TestSessionBinding binding = new TestSessionBinding(this.expiredSession);

		StepVerifier.create(coordinator(logto).obtain(this.expiredSession, TokenKey.organization("org-x"), false,
				binding, null))
			.expectErrorSatisfies(ex -> {
				assertThat(ex).isInstanceOf(OrganizationAccessException.class);
				assertThat(((OrganizationAccessException) ex).organizationId()).isEqualTo("org-x");
				assertThat(((OrganizationAccessException) ex).status()).isEqualTo(403);
			})
			.verify(Duration.ofSeconds(5));
		assertThat(binding.current()).isSameAs(this.expiredSession);
	}

	@Test
	void obtainWhenServerErrorsTwiceThenRetriesWithBackoffInVirtualTime() {
		VirtualTimeScheduler vts = VirtualTimeScheduler.create();
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		TokenEndpoint flaky = new FailingFirst(logto, 2,
				new TokenEndpointException(503, "server_error", "oops! something went wrong", null, null));
		RefreshCoordinator coordinator = new RefreshCoordinator(flaky, Mono::just, this.config, this.clock, vts);
		TokenKey api = FIVE_KEYS.get(0);

		StepVerifier.withVirtualTime(() -> coordinator.obtain(this.expiredSession, api, false,
				new TestSessionBinding(this.expiredSession), null), () -> vts, Long.MAX_VALUE)
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(1))
			.assertNext(s -> assertThat(s.accessToken(api)).isNotNull())
			.verifyComplete();
		assertThat(coordinator.refreshCount()).isEqualTo(3);
	}

	@Test
	void obtainWhenRetryAfterThenWaitsAtLeastThatLong() {
		VirtualTimeScheduler vts = VirtualTimeScheduler.create();
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		TokenEndpoint limited = new FailingFirst(logto, 1,
				new TokenEndpointException(429, "http_error_429", null, null, Duration.ofSeconds(5)));
		RefreshCoordinator coordinator = new RefreshCoordinator(limited, Mono::just, this.config, this.clock, vts);

		StepVerifier.withVirtualTime(() -> coordinator.obtain(this.expiredSession, FIVE_KEYS.get(0), false,
				new TestSessionBinding(this.expiredSession), null), () -> vts, Long.MAX_VALUE)
			.expectSubscription()
			.thenAwait(Duration.ofMillis(4900))
			.expectNoEvent(Duration.ofMillis(50))
			.thenAwait(Duration.ofMillis(100))
			.expectNextCount(1)
			.verifyComplete();
	}

	@Test
	void obtainWhenServerKeepsFailingThenTypedErrorAndSessionKeepsTokens() {
		VirtualTimeScheduler vts = VirtualTimeScheduler.create();
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		TokenEndpoint down = new FailingFirst(logto, 100,
				new TokenEndpointException(502, "http_error_502", null, null, null));
		RefreshCoordinator coordinator = new RefreshCoordinator(down, Mono::just, this.config, this.clock, vts);
		TestSessionBinding binding = new TestSessionBinding(this.expiredSession);

		StepVerifier.withVirtualTime(
				() -> coordinator.obtain(this.expiredSession, FIVE_KEYS.get(0), false, binding, null), () -> vts,
				Long.MAX_VALUE)
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(10))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(TokenEndpointException.class)
				.isNotInstanceOf(SessionExpiredException.class))
			.verify(Duration.ofSeconds(5));
		assertThat(coordinator.refreshCount()).isEqualTo(1 + this.config.transientRetries());
		assertThat(binding.current()).isSameAs(this.expiredSession);
	}

	@Test
	void obtainWhenTimeoutThenNotRetriedBecauseLogtoMayHaveConsumedTheToken() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		TokenEndpoint slow = new FailingFirst(logto, 100, null) {
			@Override
			public Mono<TokenResponse> refresh(String rt, String resource, String org) {
				return Mono.fromRunnable(() -> RefreshCoordinatorTests.this.clock.advance(Duration.ofSeconds(10)))
					.then(Mono.error(new LogtoTransportException(true, "token endpoint timed out", null)));
			}
		};
		RefreshCoordinator coordinator = coordinator(slow);

		StepVerifier.create(coordinator.obtain(this.expiredSession, FIVE_KEYS.get(0), false,
				new TestSessionBinding(this.expiredSession), null))
			.expectError(LogtoTransportException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(coordinator.refreshCount()).isEqualTo(1);
	}

	@Test
	void obtainWhenSequentialRefreshesThenEachUsesThePreviousRotatedToken() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		RefreshCoordinator coordinator = coordinator(logto);
		TestSessionBinding binding = new TestSessionBinding(this.expiredSession);
		Set<String> seen = new HashSet<>();
		for (TokenKey key : FIVE_KEYS) {
			this.clock.advance(Duration.ofSeconds(5));
			LogtoSession after = coordinator.obtain(binding.current(), key, false, binding, null)
				.block(Duration.ofSeconds(5));
			seen.add(after.refreshToken());
		}
		assertThat(seen).hasSize(5);
		assertThat(logto.invalidGrants.get()).isZero();
		assertThat(logto.isLive(binding.current().refreshToken())).isTrue();
	}

	@Test
	void reconcileWhenAnotherRequestRotatedThenSessionAboutToBeWrittenCarriesNewestTokens() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		RefreshCoordinator coordinator = coordinator(logto);
		LogtoSession untouched = this.expiredSession;
		coordinator.obtain(this.expiredSession, FIVE_KEYS.get(0), false, new TestSessionBinding(untouched), null)
			.block(Duration.ofSeconds(5));

		LogtoSession written = coordinator.reconcile(untouched);

		assertThat(written.refreshToken()).isEqualTo("rt-1");
		assertThat(written.accessToken(FIVE_KEYS.get(0))).isNotNull();
		assertThat(coordinator.reconcile(LogtoSession.create("unknown", START).withTokens("i", "x")).refreshToken())
			.isEqualTo("x");
	}

	@Test
	void retainWhenLaneWouldBeSweptThenNextRequestStillAdopts() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		this.config = this.config.toBuilder().refreshResultRetention(Duration.ZERO).build();
		RefreshCoordinator coordinator = coordinator(logto);
		LogtoSession refreshed = coordinator
			.obtain(this.expiredSession, FIVE_KEYS.get(0), false, new TestSessionBinding(this.expiredSession), null)
			.block(Duration.ofSeconds(5));
		coordinator.retain(refreshed, Duration.ofHours(1));
		this.clock.advance(Duration.ofSeconds(2));

		LogtoSession nextRequest = coordinator
			.obtain(this.expiredSession, FIVE_KEYS.get(0), false, new TestSessionBinding(this.expiredSession), null)
			.block(Duration.ofSeconds(5));

		assertThat(nextRequest.refreshToken()).isEqualTo("rt-1");
		assertThat(logto.requests.get()).isEqualTo(1);
		assertThat(coordinator.retainedCount()).isEqualTo(1);
	}

	private static String audienceOf(TokenKey key) {
		return key.resource() != null ? key.resource() : "urn:logto:organization:" + key.organizationId();
	}

	@Test
	void obtainWhenLateRequestComesWithinTheRetentionThenAdoptsAndAfterItThenTheLaneIsForgotten() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		RefreshCoordinator coordinator = coordinator(logto);
		List<LogtoSession> cookies = signedIn(logto, "s1", "s2");
		List<LogtoSession> refreshed = refreshEach(coordinator, cookies);
		Duration retention = this.config.refreshResultRetention();

		this.clock.advance(retention);
		assertThat(nextRequest(coordinator, cookies.get(0)).refreshToken()).isEqualTo(refreshed.get(0).refreshToken());

		this.clock.advance(retention);
		StepVerifier.create(coordinator.obtain(cookies.get(1), TokenKey.DEFAULT, false,
				new TestSessionBinding(cookies.get(1)), null))
			.expectError(SessionExpiredException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(logto.requests.get()).isEqualTo(3);
	}

	@Test
	void retainWhenSameSessionsRetainedOverAndOverThenNoOtherSessionLosesItsTokens() {
		this.config = this.config.toBuilder().pendingMaxSessions(3).build();
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		RefreshCoordinator coordinator = coordinator(logto);
		List<LogtoSession> cookies = signedIn(logto, "s1", "s2", "s3");
		List<LogtoSession> refreshed = refreshEach(coordinator, cookies);
		refreshed.forEach(session -> coordinator.retain(session, PENDING_TTL));

		// A streaming response saves its session on every event: the same two sessions retained again and again,
		// from several threads.
		Flux.range(0, 1_000)
			.parallel()
			.runOn(Schedulers.parallel())
			.doOnNext(i -> coordinator.retain(refreshed.get(i % 2), PENDING_TTL))
			.sequential()
			.blockLast(Duration.ofSeconds(10));
		this.clock.advance(Duration.ofMinutes(10));

		for (int i = 0; i < cookies.size(); i++) {
			assertThat(nextRequest(coordinator, cookies.get(i)).refreshToken())
				.isEqualTo(refreshed.get(i).refreshToken());
		}
		assertThat(logto.requests.get()).as("no refresh after the first three").isEqualTo(3);
		assertThat(logto.invalidGrants.get()).isZero();
		assertThat(coordinator.retainedCount()).isEqualTo(1_003);
	}

	@Test
	void retainWhenMoreSessionsThanTheLimitThenOnlyTheOneRetainedLeastRecentlyIsDropped() {
		this.config = this.config.toBuilder().pendingMaxSessions(3).build();
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		RefreshCoordinator coordinator = coordinator(logto);
		List<LogtoSession> cookies = signedIn(logto, "s1", "s2", "s3", "s4");
		List<LogtoSession> refreshed = refreshEach(coordinator, cookies);

		coordinator.retain(refreshed.get(0), PENDING_TTL);
		coordinator.retain(refreshed.get(1), PENDING_TTL);
		coordinator.retain(refreshed.get(2), PENDING_TTL);
		coordinator.retain(refreshed.get(0), PENDING_TTL);
		coordinator.retain(refreshed.get(3), PENDING_TTL);
		this.clock.advance(Duration.ofMinutes(10));

		for (int i : new int[] { 0, 2, 3 }) {
			assertThat(nextRequest(coordinator, cookies.get(i)).refreshToken())
				.isEqualTo(refreshed.get(i).refreshToken());
		}
		assertThat(logto.invalidGrants.get()).isZero();
		StepVerifier.create(coordinator.obtain(cookies.get(1), TokenKey.DEFAULT, false,
				new TestSessionBinding(cookies.get(1)), null))
			.as("s2 was dropped: its old cookie replays a consumed refresh token")
			.expectError(SessionExpiredException.class)
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void retainWhenPendingTtlOutlivesTheRetentionThenAdoptedUntilItEndsAndForgottenAfter() {
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		logto.expiresIn = Duration.ofDays(1).toSeconds();
		RefreshCoordinator coordinator = coordinator(logto);
		List<LogtoSession> cookies = signedIn(logto, "s1", "s2");
		List<LogtoSession> refreshed = refreshEach(coordinator, cookies);
		refreshed.forEach(session -> coordinator.retain(session, PENDING_TTL));
		assertThat(PENDING_TTL).isGreaterThan(this.config.refreshResultRetention().multipliedBy(100));

		this.clock.advance(PENDING_TTL.minusMillis(1));
		assertThat(nextRequest(coordinator, cookies.get(0)).refreshToken()).isEqualTo(refreshed.get(0).refreshToken());
		assertThat(logto.requests.get()).as("adopted, not refreshed again").isEqualTo(2);

		// The pin has ended; the lane is then kept only for the refresh-result retention after its last use.
		this.clock.advance(this.config.refreshResultRetention().plusMillis(1));
		StepVerifier.create(coordinator.obtain(cookies.get(1), TokenKey.DEFAULT, false,
				new TestSessionBinding(cookies.get(1)), null))
			.expectError(SessionExpiredException.class)
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void forgetWhenSessionWasRetainedThenItNoLongerTakesAPlace() {
		this.config = this.config.toBuilder().pendingMaxSessions(2).build();
		LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		RefreshCoordinator coordinator = coordinator(logto);
		List<LogtoSession> cookies = signedIn(logto, "s1", "s2", "s3");
		List<LogtoSession> refreshed = refreshEach(coordinator, cookies);

		coordinator.retain(refreshed.get(1), PENDING_TTL);
		coordinator.retain(refreshed.get(0), PENDING_TTL);
		coordinator.forget("s1");
		coordinator.retain(refreshed.get(2), PENDING_TTL);
		this.clock.advance(Duration.ofMinutes(10));

		for (int i : new int[] { 1, 2 }) {
			assertThat(nextRequest(coordinator, cookies.get(i)).refreshToken())
				.isEqualTo(refreshed.get(i).refreshToken());
		}
		assertThat(logto.invalidGrants.get()).isZero();
	}

	/** Sessions signed in at {@link #START}, each with its own grant and an expired access token. */
	private static List<LogtoSession> signedIn(LogtoLikeTokenEndpoint logto, String... ids) {
		List<LogtoSession> sessions = new ArrayList<>();
		for (String id : ids) {
			logto.issue("rt-" + id);
			sessions.add(LogtoSession.create(id, START)
				.withTokens("id.token." + id, "rt-" + id)
				.withAccessToken(TokenKey.DEFAULT,
						new AccessToken("opaque-" + id, "openid", START.minusSeconds(7200), START.minusSeconds(3600))));
		}
		return sessions;
	}

	/** Refreshes each session once; the given sessions then stand for cookies still holding the replaced token. */
	private static List<LogtoSession> refreshEach(RefreshCoordinator coordinator, List<LogtoSession> sessions) {
		List<LogtoSession> refreshed = new ArrayList<>();
		for (LogtoSession session : sessions) {
			refreshed.add(nextRequest(coordinator, session));
		}
		assertThat(refreshed).extracting(LogtoSession::refreshToken).doesNotContainAnyElementsOf(
				sessions.stream().map(LogtoSession::refreshToken).toList());
		return refreshed;
	}

	private static LogtoSession nextRequest(RefreshCoordinator coordinator, LogtoSession cookie) {
		return coordinator.obtain(cookie, TokenKey.DEFAULT, false, new TestSessionBinding(cookie), null)
			.block(Duration.ofSeconds(5));
	}

	/** Fails the first N refreshes with a given error, then delegates. */
	static class FailingFirst implements TokenEndpoint {

		private final TokenEndpoint delegate;

		private int remaining;

		private final TokenEndpointException error;

		FailingFirst(TokenEndpoint delegate, int failures, TokenEndpointException error) {
			this.delegate = delegate;
			this.remaining = failures;
			this.error = error;
		}

		@Override
		public Mono<TokenResponse> refresh(String refreshToken, String resource, String organizationId) {
			return Mono.defer(() -> {
				synchronized (this) {
					if (this.remaining > 0) {
						this.remaining--;
						return Mono.error(this.error);
					}
				}
				return this.delegate.refresh(refreshToken, resource, organizationId);
			});
		}

		@Override
		public Mono<TokenResponse> exchangeAuthorizationCode(String code, String codeVerifier, String redirectUri) {
			return this.delegate.exchangeAuthorizationCode(code, codeVerifier, redirectUri);
		}

		@Override
		public Mono<TokenResponse> clientCredentials(String clientId, String clientSecret, String resource,
				String organizationId, String scope) {
			return this.delegate.clientCredentials(clientId, clientSecret, resource, organizationId, scope);
		}

		@Override
		public Mono<Void> revoke(String token, String tokenTypeHint) {
			return this.delegate.revoke(token, tokenTypeHint);
		}
	}
}
