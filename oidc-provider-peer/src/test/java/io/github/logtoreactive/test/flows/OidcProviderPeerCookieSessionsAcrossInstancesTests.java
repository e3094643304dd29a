package io.github.logtoreactive.test.flows;

import java.time.Duration;

import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.peer.OidcProviderPeer;
import org.junit.jupiter.api.AfterEach;

/**
 * The cookie sessions of two instances, coordinated through Redis, against the real {@code oidc-provider}
 * ({@link OidcProviderPeer}), started for the test: the engines' clock moves whenever the peer's clock is advanced.
 */
class OidcProviderPeerCookieSessionsAcrossInstancesTests extends CookieSessionsAcrossInstancesSpec {

	private OidcProviderPeer started;

	@AfterEach
	void stopPeer() {
		if (this.started != null) {
			this.started.close();
		}
	}

	@Override
	protected FlowPeer peer() {
		this.started = OidcProviderPeer.builder()
			.tenant(TestTenant.sample())
			.autoLogin("user-1")
			.refreshTokenRotation(RefreshTokenRotation.ALWAYS)
			.refreshTokenReuseWindow(Duration.ofSeconds(3))
			.build()
			.start();
		return FlowPeer.oidcProvider(this.started);
	}
}
