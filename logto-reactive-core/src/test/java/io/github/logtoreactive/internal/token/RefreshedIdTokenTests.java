package io.github.logtoreactive.internal.token;

import io.github.logtoreactive.support.TestSessionBinding;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.IdTokenVerificationException;
import io.github.logtoreactive.IdTokenVerificationException.Reason;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link RefreshCoordinator} does with the ID token a refresh returns: one of another identity (OIDC Core 12.2)
 * fails the refresh and nothing of its response is kept; one that does not verify leaves the session's ID token in
 * place while the rotated refresh token and the new access token are kept.
 */
@Timeout(30)
class RefreshedIdTokenTests {

	private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

	private static final String ISSUER = "https://logto.example/oidc";

	private static final TokenKey API = TokenKey.resource("https://api.example.com");

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final TestClock clock = new TestClock(START);

	private final LogtoConfig config = LogtoConfig.builder()
		.endpoint("https://logto.example")
		.appId(FakeLogto.APP_ID)
		.appSecret("secret")
		.build();

	private LogtoLikeTokenEndpoint logto;

	private LogtoSession session;

	@BeforeEach
	void setUp() {
		this.logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		this.session = LogtoSession.create("session-1", START)
			.withTokens(idToken(claims -> {
			}), "rt-0")
			.withAccessToken(TokenKey.DEFAULT,
					new AccessToken("opaque-0", "openid", START.minusSeconds(7200), START.minusSeconds(3600)));
	}

	/** An ID token of the session's identity, signed with Logto's key, changed by {@code change}. */
	private String idToken(Consumer<Map<String, @Nullable Object>> change) {
		Map<String, @Nullable Object> claims = new LinkedHashMap<>();
		claims.put("sub", "user-1");
		claims.put("iss", ISSUER);
		claims.put("aud", FakeLogto.APP_ID);
		claims.put("iat", this.clock.instant().getEpochSecond());
		claims.put("exp", this.clock.instant().getEpochSecond() + 3600);
		change.accept(claims);
		return FakeLogto.sign(claims, FakeLogto.EC_KEY);
	}

	private RefreshCoordinator coordinator(IdTokenCheck check) {
		return new RefreshCoordinator(this.logto, check, this.config, this.clock, Schedulers.parallel());
	}

	private static IdTokenCheck failing(Reason reason) {
		return token -> Mono.error(new IdTokenVerificationException(reason, "does not verify", null));
	}

	static Stream<Arguments> foreignIdentities() {
		return Stream.of(
				Arguments.of("another subject", (Consumer<Map<String, Object>>) c -> c.put("sub", "user-2"),
						Reason.SUBJECT_MISMATCH),
				Arguments.of("another issuer", (Consumer<Map<String, Object>>) c -> c.put("iss", ISSUER + "-other"),
						Reason.ISSUER_MISMATCH),
				Arguments.of("another audience",
						(Consumer<Map<String, Object>>) c -> c.put("aud", List.of(FakeLogto.APP_ID, "other-app")),
						Reason.AUDIENCE_MISMATCH));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("foreignIdentities")
	void obtainWhenTheRefreshedIdTokenNamesAnotherIdentityThenTypedErrorAndNothingOfTheResponseIsKept(String what,
			Consumer<Map<String, @Nullable Object>> change, Reason reason) {
		this.logto.idToken = idToken(change);
		RefreshCoordinator coordinator = coordinator(Mono::just);
		TestSessionBinding binding = new TestSessionBinding(this.session);

		StepVerifier.create(coordinator.obtain(this.session, API, false, binding, null))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(IdTokenVerificationException.class,
					verification -> {
						assertThat(verification.reason()).isEqualTo(reason);
						assertThat(verification.getMessage()).doesNotContain("user-", "-other", "other-app", "rt-", "h.");
					}))
			.verify(TIMEOUT);

		assertThat(this.logto.requests.get()).isEqualTo(1);
		assertThat(binding.current()).as("the request's session is not written").isSameAs(this.session);
		assertThat(coordinator.reconcile(this.session))
			.as("no later request of this session adopts the response's tokens").isSameAs(this.session);
		assertThat(coordinator.failureCount()).isEqualTo(1);
	}

	@Test
	void obtainWhenTheRefreshedIdTokenOfAnotherSubjectAlsoFailsVerificationThenStillSubjectMismatch() {
		this.logto.idToken = idToken(claims -> claims.put("sub", "user-2"));
		RefreshCoordinator coordinator = coordinator(failing(Reason.BAD_SIGNATURE));
		TestSessionBinding binding = new TestSessionBinding(this.session);

		StepVerifier.create(coordinator.obtain(this.session, API, false, binding, null))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(IdTokenVerificationException.class,
					verification -> assertThat(verification.reason()).isEqualTo(Reason.SUBJECT_MISMATCH)))
			.verify(TIMEOUT);
		assertThat(coordinator.reconcile(this.session)).isSameAs(this.session);
	}

	@ParameterizedTest
	@org.junit.jupiter.params.provider.EnumSource(value = Reason.class, names = { "BAD_SIGNATURE", "EXPIRED",
			"UNKNOWN_KEY" })
	void obtainWhenTheRefreshedIdTokenFailsVerificationThenSessionKeepsItsIdTokenAndTakesTheRotatedTokens(
			Reason reason) {
		this.logto.idToken = idToken(claims -> claims.put("name", "Renamed"));
		TestSessionBinding binding = new TestSessionBinding(this.session);

		StepVerifier.create(coordinator(failing(reason)).obtain(this.session, API, false, binding, null))
			.assertNext(refreshed -> {
				assertThat(refreshed.idToken()).isEqualTo(this.session.idToken());
				assertThat(refreshed.refreshToken()).isEqualTo("rt-1");
				assertThat(refreshed.accessToken(API)).isNotNull();
			})
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(binding.current().idToken()).isEqualTo(this.session.idToken());
		assertThat(this.logto.isLive(binding.current().refreshToken())).isTrue();
	}

	@Test
	void obtainWhenTheRefreshedIdTokenVerifiesAndNamesTheSameIdentityThenTheSessionTakesIt() {
		String renamed = idToken(claims -> claims.put("name", "Renamed"));
		this.logto.idToken = renamed;
		TestSessionBinding binding = new TestSessionBinding(this.session);

		StepVerifier.create(coordinator(Mono::just).obtain(this.session, API, false, binding, null))
			.assertNext(refreshed -> assertThat(refreshed.idToken()).isEqualTo(renamed))
			.expectComplete()
			.verify(TIMEOUT);
	}
}
