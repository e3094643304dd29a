package io.github.logtoreactive.internal.token;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.support.TestSessionBinding;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RefreshCoordinator#revalidate}: a signed-in session is checked with Logto (one refresh) once its ID token
 * expired, or {@link LogtoConfig#revalidateAfter()} after the ID token was issued when that comes first, and not a
 * moment earlier; the requests of a session share one refresh, and a request still carrying the old ID token adopts
 * the new one without another. Time moves on a {@link TestClock} only.
 */
@Timeout(30)
class SessionRevalidationTests {

	private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** The ID token's lifetime (Logto's default). */
	private static final Duration ID_TOKEN_LIFETIME = Duration.ofHours(1);

	private final TestClock clock = new TestClock(START);

	private LogtoLikeTokenEndpoint logto;

	private LogtoSession session;

	@BeforeEach
	void setUp() {
		this.logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		this.session = LogtoSession.create("session-1", START)
			.withTokens(idToken(START), "rt-0")
			.withAccessToken(TokenKey.DEFAULT,
					new AccessToken("opaque-0", "openid", START, START.plus(Duration.ofDays(1))));
	}

	private RefreshCoordinator coordinator(@Nullable Duration revalidateAfter) {
		LogtoConfig config = LogtoConfig.builder()
			.endpoint("https://logto.example")
			.appId(FakeLogto.APP_ID)
			.appSecret("secret")
			.revalidateAfter(revalidateAfter)
			.build();
		return new RefreshCoordinator(this.logto, Mono::just, config, this.clock, Schedulers.parallel());
	}

	/** An ID token of the session's user issued at {@code issuedAt}, lasting {@link #ID_TOKEN_LIFETIME}. */
	private static String idToken(Instant issuedAt) {
		Map<String, @Nullable Object> claims = new LinkedHashMap<>();
		claims.put("sub", "user-1");
		claims.put("iss", "https://logto.example/oidc");
		claims.put("aud", FakeLogto.APP_ID);
		claims.put("iat", issuedAt.getEpochSecond());
		claims.put("exp", issuedAt.plus(ID_TOKEN_LIFETIME).getEpochSecond());
		return FakeLogto.sign(claims, FakeLogto.EC_KEY);
	}

	private LogtoSession revalidate(RefreshCoordinator coordinator, LogtoSession cookie, TestSessionBinding binding) {
		return coordinator.revalidate(cookie, binding, null).block(TIMEOUT);
	}

	@Test
	void revalidateWhenTheIdTokenIsStillValidThenTheSameSessionWithoutRequestOrSave() {
		RefreshCoordinator coordinator = coordinator(null);
		TestSessionBinding binding = new TestSessionBinding(this.session);

		this.clock.advance(ID_TOKEN_LIFETIME.minusSeconds(1));
		LogtoSession result = revalidate(coordinator, this.session, binding);

		assertThat(result).isSameAs(this.session);
		assertThat(this.logto.requests.get()).isZero();
		assertThat(binding.saves.get()).isZero();
	}

	@Test
	void revalidateWhenTheIdTokenExpiresThenOneRefreshBringsANewIdTokenAndSavesIt() {
		RefreshCoordinator coordinator = coordinator(null);
		TestSessionBinding binding = new TestSessionBinding(this.session);
		this.clock.advance(ID_TOKEN_LIFETIME);
		String renewed = idToken(this.clock.instant());
		this.logto.idToken = renewed;

		LogtoSession result = revalidate(coordinator, this.session, binding);

		assertThat(result.idToken()).isEqualTo(renewed);
		assertThat(result.refreshToken()).isNotEqualTo("rt-0");
		assertThat(this.logto.requests.get()).isEqualTo(1);
		assertThat(binding.current()).isEqualTo(result);
	}

	@Test
	void revalidateWhenManyRequestsOfTheSessionArriveTogetherThenOneRefreshAnswersThemAll() {
		RefreshCoordinator coordinator = coordinator(null);
		this.clock.advance(ID_TOKEN_LIFETIME.plusMinutes(5));
		String renewed = idToken(this.clock.instant());
		this.logto.idToken = renewed;

		List<LogtoSession> results = Flux.range(0, 50)
			.flatMap(i -> coordinator.revalidate(this.session, new TestSessionBinding(this.session), null)
				.subscribeOn(Schedulers.parallel()))
			.collectList()
			.block(TIMEOUT);

		assertThat(results).hasSize(50).allSatisfy(result -> assertThat(result.idToken()).isEqualTo(renewed));
		assertThat(this.logto.requests.get()).isEqualTo(1);
		assertThat(this.logto.invalidGrants.get()).isZero();
	}

	@Test
	void revalidateWhenALaterRequestStillCarriesTheOldIdTokenThenItAdoptsTheNewOneWithoutRequestAndSavesIt() {
		RefreshCoordinator coordinator = coordinator(null);
		this.clock.advance(ID_TOKEN_LIFETIME);
		String renewed = idToken(this.clock.instant());
		this.logto.idToken = renewed;
		revalidate(coordinator, this.session, new TestSessionBinding(this.session));
		this.clock.advance(Duration.ofSeconds(1));
		TestSessionBinding late = new TestSessionBinding(this.session);

		LogtoSession result = revalidate(coordinator, this.session, late);

		assertThat(result.idToken()).isEqualTo(renewed);
		assertThat(late.current()).isEqualTo(result);
		assertThat(this.logto.requests.get()).isEqualTo(1);
	}

	@Test
	void revalidateWhenRevalidateAfterComesBeforeTheExpiryThenDueExactlyThenAndNotBefore() {
		Duration revalidateAfter = Duration.ofMinutes(10);
		RefreshCoordinator coordinator = coordinator(revalidateAfter);
		this.logto.idToken = idToken(START.plus(revalidateAfter));

		this.clock.advance(revalidateAfter.minusSeconds(1));
		assertThat(revalidate(coordinator, this.session, new TestSessionBinding(this.session)))
			.isSameAs(this.session);
		assertThat(this.logto.requests.get()).isZero();

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(revalidate(coordinator, this.session, new TestSessionBinding(this.session)).idToken())
			.isEqualTo(this.logto.idToken);
		assertThat(this.logto.requests.get()).isEqualTo(1);
	}

	@Test
	void revalidateWhenRevalidateAfterIsLongerThanTheIdTokenLifetimeThenDueAtTheExpiry() {
		RefreshCoordinator coordinator = coordinator(ID_TOKEN_LIFETIME.multipliedBy(2));
		this.logto.idToken = idToken(START.plus(ID_TOKEN_LIFETIME));

		this.clock.advance(ID_TOKEN_LIFETIME.minusSeconds(1));
		assertThat(revalidate(coordinator, this.session, new TestSessionBinding(this.session)))
			.isSameAs(this.session);

		this.clock.advance(Duration.ofSeconds(1));
		revalidate(coordinator, this.session, new TestSessionBinding(this.session));
		assertThat(this.logto.requests.get()).isEqualTo(1);
	}

	@Test
	void revalidateWhenTheSessionHasNoRefreshTokenThenItIsReturnedAsItIsWithoutRequest() {
		RefreshCoordinator coordinator = coordinator(null);
		LogtoSession withoutRefreshToken = LogtoSession.create("session-2", START).withTokens(idToken(START), null);
		this.clock.advance(ID_TOKEN_LIFETIME.multipliedBy(2));

		assertThat(revalidate(coordinator, withoutRefreshToken, new TestSessionBinding(withoutRefreshToken)))
			.isSameAs(withoutRefreshToken);
		assertThat(this.logto.requests.get()).isZero();
	}

	@Test
	void revalidateWhenTheIdTokenIsNotAJwtThenNeverDue() {
		RefreshCoordinator coordinator = coordinator(null);
		LogtoSession opaque = LogtoSession.create("session-3", START).withTokens("not-a-jwt", "rt-0");
		this.clock.advance(ID_TOKEN_LIFETIME.multipliedBy(2));

		assertThat(revalidate(coordinator, opaque, new TestSessionBinding(opaque))).isSameAs(opaque);
		assertThat(this.logto.requests.get()).isZero();
	}
}
