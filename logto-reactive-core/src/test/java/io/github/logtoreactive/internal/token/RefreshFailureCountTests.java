package io.github.logtoreactive.internal.token;

import java.time.Duration;
import java.time.Instant;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.OrganizationAccessException;
import io.github.logtoreactive.SessionExpiredException;
import io.github.logtoreactive.TokenEndpointException;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.support.TestSessionBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RefreshCoordinator#failureCount()} (the engine's refresh-failure statistic) counts each refresh that ended in
 * an error once, whatever the error: a refused grant, a forbidden organization, a server that keeps failing.
 */
@Timeout(30)
class RefreshFailureCountTests {

	private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final TestClock clock = new TestClock(START);

	private final LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");

	private final LogtoSession session = LogtoSession.create("session-1", START)
		.withTokens("id.token", "rt-0")
		.withAccessToken(TokenKey.DEFAULT,
				new AccessToken("opaque-0", "openid", START.minusSeconds(7200), START.minusSeconds(3600)));

	private RefreshCoordinator coordinator(int transientRetries) {
		LogtoConfig config = LogtoConfig.builder()
			.endpoint("https://logto.example")
			.appId("app")
			.appSecret("secret")
			.transientRetries(transientRetries)
			.build();
		return new RefreshCoordinator(this.logto, Mono::just, config, this.clock, Schedulers.parallel());
	}

	private void failNextWith(int status, String error) {
		this.logto.nextFailure.set(new TokenEndpointException(status, error, "refused", "oidc." + error, null));
	}

	@Test
	void failureCountWhenTheGrantIsRefusedThenOne() {
		RefreshCoordinator coordinator = coordinator(2);
		failNextWith(400, "invalid_grant");

		StepVerifier.create(coordinator.obtain(this.session, TokenKey.DEFAULT, false,
				new TestSessionBinding(this.session), null))
			.expectError(SessionExpiredException.class)
			.verify(TIMEOUT);

		assertThat(coordinator.failureCount()).isEqualTo(1);
	}

	@Test
	void failureCountWhenTheOrganizationIsForbiddenThenOne() {
		RefreshCoordinator coordinator = coordinator(2);
		failNextWith(403, "access_denied");

		StepVerifier.create(coordinator.obtain(this.session, TokenKey.organization("org-1"), false,
				new TestSessionBinding(this.session), null))
			.expectError(OrganizationAccessException.class)
			.verify(TIMEOUT);

		assertThat(coordinator.failureCount()).isEqualTo(1);
	}

	@Test
	void failureCountWhenTheServerFailsThenOneForTheRefreshNotOnePerAttempt() {
		RefreshCoordinator coordinator = coordinator(0);
		failNextWith(503, "server_error");

		StepVerifier.create(coordinator.obtain(this.session, TokenKey.DEFAULT, false,
				new TestSessionBinding(this.session), null))
			.expectError(TokenEndpointException.class)
			.verify(TIMEOUT);

		assertThat(coordinator.failureCount()).isEqualTo(1);
		assertThat(coordinator.refreshCount()).isEqualTo(1);
	}

	@Test
	void failureCountWhenARefreshSucceedsThenZero() {
		RefreshCoordinator coordinator = coordinator(2);

		coordinator.obtain(this.session, TokenKey.DEFAULT, false, new TestSessionBinding(this.session), null)
			.block(TIMEOUT);

		assertThat(coordinator.failureCount()).isZero();
	}
}
