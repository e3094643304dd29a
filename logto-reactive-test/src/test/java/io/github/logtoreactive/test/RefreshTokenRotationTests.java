package io.github.logtoreactive.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.github.logtoreactive.support.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RefreshTokenRotationTests {

	private final MutableClock clock = MutableClock.startingNow();

	private LogtoTestServer start(RefreshTokenRotation rotation) {
		return LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-1").clock(this.clock)
			.refreshTokenRotation(rotation).build().start();
	}

	private static String refreshToken(TestHttp.Reply reply) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return (String) reply.json().get("refresh_token");
	}

	@Test
	void refreshWhenAlwaysThenEveryUseRotates() {
		try (LogtoTestServer server = start(RefreshTokenRotation.ALWAYS)) {
			String first = (String) OidcFlows.tokens(server, "openid offline_access").get("refresh_token");

			String second = refreshToken(OidcFlows.refresh(server, first));

			assertThat(second).isNotEqualTo(first);
		}
	}

	@Test
	void refreshWhenReusedWithinThreeSecondsThenSucceedsWithADifferentTokenAndTheWindowSlides() {
		try (LogtoTestServer server = start(RefreshTokenRotation.ALWAYS)) {
			String first = (String) OidcFlows.tokens(server, "openid offline_access").get("refresh_token");
			String second = refreshToken(OidcFlows.refresh(server, first));

			this.clock.advance(Duration.ofSeconds(2));
			String third = refreshToken(OidcFlows.refresh(server, first));
			this.clock.advance(Duration.ofSeconds(2));
			String fourth = refreshToken(OidcFlows.refresh(server, first));

			assertThat(third).as("a reuse inside the window gives a new token").isNotIn(first, second);
			assertThat(fourth).as("each reuse restarted the 3 s window").isNotIn(first, second, third);
		}
	}

	@Test
	void refreshWhenReusedAfterThreeSecondsThenInvalidGrantAndTheWholeGrantIsRevoked() {
		try (LogtoTestServer server = start(RefreshTokenRotation.ALWAYS)) {
			Map<String, Object> tokens = OidcFlows.tokens(server, "openid offline_access");
			String first = (String) tokens.get("refresh_token");
			String newest = refreshToken(OidcFlows.refresh(server, first));

			this.clock.advance(Duration.ofSeconds(4));
			TestHttp.Reply replay = OidcFlows.refresh(server, first);

			assertThat(replay.status()).isEqualTo(400);
			assertThat(replay.json()).containsEntry("error", "invalid_grant")
				.containsEntry("error_description", "grant request is invalid")
				.containsEntry("error_uri", "https://openid.sh/debug/invalid_grant");
			assertThat(OidcFlows.refresh(server, newest).json()).as("the newest rotated token died too")
				.containsEntry("error", "invalid_grant");
			assertThat(TestHttp.getNow(server.issuer() + "/me", TestHttp.bearer((String) tokens.get("access_token")))
				.status()).isEqualTo(401);
		}
	}

	@Test
	void refreshWhenAfter70PercentAndEarlyThenEchoesTheSameToken() {
		try (LogtoTestServer server = start(RefreshTokenRotation.AFTER_70_PERCENT)) {
			String first = (String) OidcFlows.tokens(server, "openid offline_access").get("refresh_token");
			this.clock.advance(Duration.ofDays(9));

			String same = refreshToken(OidcFlows.refresh(server, first));

			assertThat(same).isEqualTo(first);
		}
	}

	@Test
	void refreshWhenAfter70PercentAndLateThenRotates() {
		try (LogtoTestServer server = start(RefreshTokenRotation.AFTER_70_PERCENT)) {
			String first = (String) OidcFlows.tokens(server, "openid offline_access").get("refresh_token");
			this.clock.advance(Duration.ofDays(10));

			String rotated = refreshToken(OidcFlows.refresh(server, first));

			assertThat(rotated).isNotEqualTo(first);
			this.clock.advance(Duration.ofSeconds(4));
			assertThat(OidcFlows.refresh(server, first).json()).containsEntry("error", "invalid_grant");
		}
	}

	@Test
	void refreshWhenNeverThenEchoesTheSameTokenForever() {
		try (LogtoTestServer server = start(RefreshTokenRotation.NEVER)) {
			String first = (String) OidcFlows.tokens(server, "openid offline_access").get("refresh_token");
			this.clock.advance(Duration.ofDays(13));

			assertThat(refreshToken(OidcFlows.refresh(server, first))).isEqualTo(first);
			assertThat(refreshToken(OidcFlows.refresh(server, first))).isEqualTo(first);
		}
	}

	@Test
	void refreshWhenExpiredThenInvalidGrant() {
		try (LogtoTestServer server = start(RefreshTokenRotation.NEVER)) {
			String first = (String) OidcFlows.tokens(server, "openid offline_access").get("refresh_token");
			this.clock.advance(Duration.ofDays(15));

			assertThat(OidcFlows.refresh(server, first).json()).containsEntry("error", "invalid_grant");
		}
	}
}
