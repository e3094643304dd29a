package io.github.logtoreactive.test.flows;

import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.MutableClock;
import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.TestTenant;
import org.junit.jupiter.api.AfterEach;

/**
 * The cookie sessions of two instances, coordinated through Redis, against the embedded {@link LogtoTestServer}
 * (its default 3 s reuse window), whose {@link MutableClock} is the engines' clock too.
 */
class EmbeddedServerCookieSessionsAcrossInstancesTests extends CookieSessionsAcrossInstancesSpec {

	private LogtoTestServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Override
	protected FlowPeer peer() {
		MutableClock clock = MutableClock.startingNow();
		this.server = LogtoTestServer.builder()
			.tenant(TestTenant.sample())
			.autoLogin("user-1")
			.refreshTokenRotation(RefreshTokenRotation.ALWAYS)
			.clock(clock)
			.build()
			.start();
		return FlowPeer.embedded(this.server, clock);
	}
}
