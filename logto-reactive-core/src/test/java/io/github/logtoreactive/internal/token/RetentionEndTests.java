package io.github.logtoreactive.internal.token;

import java.time.Duration;
import java.time.Instant;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionExpiredException;
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
 * When the coordinator forgets a session's refreshed tokens: a pin ({@link RefreshCoordinator#retain}) ends exactly
 * at its end, and lanes idle for longer than the refresh-result retention are forgotten also on an engine that only
 * answers cached tokens. Time moves on a {@link TestClock} only.
 */
@Timeout(30)
class RetentionEndTests {

	private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final TestClock clock = new TestClock(START);

	private final LogtoConfig config = LogtoConfig.builder()
		.endpoint("https://logto.example")
		.appId("app")
		.appSecret("secret")
		.build();

	private final LogtoLikeTokenEndpoint logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");

	private final RefreshCoordinator coordinator = new RefreshCoordinator(this.logto, Mono::just, this.config,
			this.clock, Schedulers.parallel());

	private static LogtoSession cookie(String id, String refreshToken, Instant accessTokenExpiry) {
		return LogtoSession.create(id, START)
			.withTokens("id.token." + id, refreshToken)
			.withAccessToken(TokenKey.DEFAULT,
					new AccessToken("opaque-" + id, "openid", START.minusSeconds(7200), accessTokenExpiry));
	}

	private LogtoSession forceRefresh(LogtoSession cookie) {
		return this.coordinator.obtain(cookie, TokenKey.DEFAULT, true, new TestSessionBinding(cookie), null)
			.block(TIMEOUT);
	}

	@Test
	void retainWhenTheNextRequestComesExactlyWhenThePinEndsThenTheSessionIsForgotten() {
		Duration pin = Duration.ofMinutes(10);
		assertThat(pin).isGreaterThan(this.config.refreshResultRetention());
		LogtoSession oldCookie = cookie("s1", "rt-0", START.minusSeconds(3600));
		LogtoSession refreshed = forceRefresh(oldCookie);
		this.coordinator.retain(refreshed, pin);

		this.clock.advance(pin);

		StepVerifier.create(this.coordinator.obtain(oldCookie, TokenKey.DEFAULT, false,
				new TestSessionBinding(oldCookie), null))
			.as("the pin is over: the old cookie replays its consumed refresh token")
			.expectError(SessionExpiredException.class)
			.verify(TIMEOUT);
		assertThat(this.logto.invalidGrants.get()).isEqualTo(1);
	}

	@Test
	void accessTokenWhenOnlyCachedTokensAreAnsweredThenSessionsIdlePastTheRetentionAreStillForgotten() {
		LogtoSession oldCookie = cookie("s1", "rt-0", START.plus(Duration.ofDays(1)));
		LogtoSession refreshed = forceRefresh(oldCookie);
		this.logto.issue("rt-s2");
		LogtoSession other = cookie("s2", "rt-s2", START.plus(Duration.ofDays(1)));
		assertThat(this.coordinator.reconcile(oldCookie).refreshToken()).isEqualTo(refreshed.refreshToken());

		this.clock.advance(this.config.refreshResultRetention().plusMillis(1));
		String cached = this.coordinator.accessToken(other, TokenKey.DEFAULT, false, new TestSessionBinding(other), null)
			.block(TIMEOUT);

		assertThat(cached).isEqualTo("opaque-s2");
		assertThat(this.coordinator.reconcile(oldCookie)).as("s1's lane was swept").isSameAs(oldCookie);
		assertThat(this.logto.requests.get()).isEqualTo(1);
	}
}
