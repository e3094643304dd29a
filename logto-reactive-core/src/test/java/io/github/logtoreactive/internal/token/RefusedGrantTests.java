package io.github.logtoreactive.internal.token;

import java.time.Duration;
import java.time.Instant;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionExpiredException;
import io.github.logtoreactive.TokenEndpointException;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.support.TestSessionBinding;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After Logto refused a session's grant ({@code invalid_grant}): the session's other requests, which still carry the
 * refused refresh token, end at once without asking Logto again; a newer refresh token for the same session (a new
 * sign-in under its id, or one another instance obtained) refreshes as usual.
 */
@Timeout(30)
class RefusedGrantTests {

	private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final TestClock clock = new TestClock(START);

	private LogtoLikeTokenEndpoint logto;

	private RefreshCoordinator coordinator;

	private LogtoSession session;

	@BeforeEach
	void setUp() {
		this.logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		LogtoConfig config = LogtoConfig.builder()
			.endpoint("https://logto.example")
			.appId("app")
			.appSecret("secret")
			.build();
		this.coordinator = new RefreshCoordinator(this.logto, Mono::just, config, this.clock, Schedulers.parallel());
		this.session = withExpiredAccessToken(LogtoSession.create("session-1", START).withTokens("id.token", "rt-0"));
		this.logto.nextFailure.set(new TokenEndpointException(400, "invalid_grant", "grant request is invalid",
				"oidc.invalid_grant", null));
		StepVerifier.create(this.coordinator.obtain(this.session, TokenKey.DEFAULT, false,
				new TestSessionBinding(this.session), null))
			.expectError(SessionExpiredException.class)
			.verify(TIMEOUT);
		assertThat(this.logto.requests.get()).isEqualTo(1);
	}

	private static LogtoSession withExpiredAccessToken(LogtoSession session) {
		return session.withAccessToken(TokenKey.DEFAULT,
				new AccessToken("opaque-0", "openid", START.minusSeconds(7200), START.minusSeconds(3600)));
	}

	@Test
	void obtainWhenAnotherRequestStillPresentsTheRefusedRefreshTokenThenSessionExpiredWithoutAnotherTokenRequest() {
		TestSessionBinding binding = new TestSessionBinding(this.session);

		StepVerifier.create(this.coordinator.obtain(this.session, TokenKey.DEFAULT, false, binding, null))
			.expectError(SessionExpiredException.class)
			.verify(TIMEOUT);

		assertThat(this.logto.requests.get()).isEqualTo(1);
		assertThat(binding.current().isAuthenticated()).isFalse();
	}

	@Test
	void obtainWhenTheSessionComesBackWithANewerRefreshTokenThenItRefreshesWithIt() {
		this.logto.issue("rt-new");
		LogtoSession signedInAgain = withExpiredAccessToken(
				LogtoSession.create("session-1", START).withTokens("id.token.2", "rt-new"));
		TestSessionBinding binding = new TestSessionBinding(signedInAgain);

		LogtoSession refreshed = this.coordinator.obtain(signedInAgain, TokenKey.DEFAULT, false, binding, null)
			.block(TIMEOUT);

		assertThat(refreshed.isAuthenticated()).isTrue();
		assertThat(refreshed.refreshToken()).isNotIn("rt-0", "rt-new");
		assertThat(this.logto.requests.get()).isEqualTo(2);
		assertThat(this.logto.isLive(refreshed.refreshToken())).isTrue();
	}
}
