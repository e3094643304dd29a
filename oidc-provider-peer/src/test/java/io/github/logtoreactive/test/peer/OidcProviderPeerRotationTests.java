package io.github.logtoreactive.test.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.github.logtoreactive.support.TestHttp;
import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.TestTenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rotation policies other than Logto's default (that one is in {@link OidcProviderPeerTests}). */
// a guard against hangs, not a measurement: above the peer's 120 s start deadline, which a loaded machine needs
@Timeout(180)
class OidcProviderPeerRotationTests {

	private static OidcProviderPeer start(RefreshTokenRotation rotation, Duration reuseWindow) {
		return OidcProviderPeer.builder().tenant(TestTenant.sample()).autoLogin("user-1").refreshTokenRotation(rotation)
			.refreshTokenReuseWindow(reuseWindow).build().start();
	}

	@Test
	void refreshWhenRotationAlwaysThenEveryUseRotatesAndAReuseWithinTheWindowSlidesIt() {
		try (OidcProviderPeer peer = start(RefreshTokenRotation.ALWAYS, Duration.ofSeconds(3))) {
			PeerFlows flows = new PeerFlows(peer);
			String first = (String) flows.tokens(PeerFlows.FULL_SCOPE).get("refresh_token");

			String second = PeerFlows.refreshToken(flows.refresh(first));
			peer.advanceClock(Duration.ofSeconds(2));
			String third = PeerFlows.refreshToken(flows.refresh(first));
			peer.advanceClock(Duration.ofSeconds(2));
			String fourth = PeerFlows.refreshToken(flows.refresh(first));

			assertThat(second).isNotEqualTo(first);
			assertThat(third).isNotIn(first, second);
			assertThat(fourth).as("each reuse restarted the 3 s window").isNotIn(first, second, third);
			assertThat(PeerFlows.refreshToken(flows.refresh(fourth))).isNotIn(first, second, third, fourth);
		}
	}

	@Test
	void refreshWhenRotationAlwaysAndAReplayAfterARealThreeAndAHalfSecondsThenTheGrantIsRevoked() throws InterruptedException {
		try (OidcProviderPeer peer = start(RefreshTokenRotation.ALWAYS, Duration.ofSeconds(3))) {
			PeerFlows flows = new PeerFlows(peer);
			String first = (String) flows.tokens(PeerFlows.FULL_SCOPE).get("refresh_token");
			String second = PeerFlows.refreshToken(flows.refresh(first));

			// A real wait on purpose: the subject is the real oidc-provider's own wall clock (the other tests here move
			// the peer's clock instead).
			Thread.sleep(3500);
			TestHttp.Reply replay = flows.refresh(first);

			assertThat(replay.status()).isEqualTo(400);
			assertThat(replay.json()).containsEntry("error", "invalid_grant");
			assertThat(flows.refresh(second).json()).as("the newest token died too").containsEntry("error", "invalid_grant");
		}
	}

	@Test
	void refreshWhenNoReuseWindowThenAnyReuseRevokesTheGrantAsUpstreamDoes() {
		try (OidcProviderPeer peer = start(RefreshTokenRotation.ALWAYS, Duration.ZERO)) {
			PeerFlows flows = new PeerFlows(peer);
			String first = (String) flows.tokens(PeerFlows.FULL_SCOPE).get("refresh_token");
			String second = PeerFlows.refreshToken(flows.refresh(first));

			peer.advanceClock(Duration.ofMillis(10));
			assertThat(flows.refresh(first).json()).containsEntry("error", "invalid_grant");
			assertThat(flows.refresh(second).json()).containsEntry("error", "invalid_grant");
		}
	}

	@Test
	void refreshWhenRotationNeverThenEchoesTheSameTokenUntilItExpires() {
		try (OidcProviderPeer peer = start(RefreshTokenRotation.NEVER, Duration.ofSeconds(3))) {
			PeerFlows flows = new PeerFlows(peer);
			String first = (String) flows.tokens(PeerFlows.FULL_SCOPE).get("refresh_token");
			peer.advanceClock(Duration.ofDays(13));

			assertThat(PeerFlows.refreshToken(flows.refresh(first))).isEqualTo(first);
			assertThat(PeerFlows.refreshToken(flows.refresh(first, "resource", PeerFlows.API))).isEqualTo(first);

			peer.advanceClock(Duration.ofDays(2));
			assertThat(flows.refresh(first).json()).as("14 days passed").containsEntry("error", "invalid_grant");
		}
	}
}
