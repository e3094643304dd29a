package io.github.logtoreactive.test.flows;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

import io.github.logtoreactive.test.Endpoint;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.MutableClock;
import io.github.logtoreactive.test.RefreshTokenRotation;
import org.junit.jupiter.api.AfterEach;

/**
 * The core client's flows against the embedded {@link LogtoTestServer}: a fresh server per test (it starts in
 * milliseconds), whose {@link MutableClock} is the engine's clock too, and whose request counters prove how many token
 * requests the client made.
 */
class EmbeddedServerFlowTests extends CoreClientFlowSpec {

	private LogtoTestServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Override
	protected FlowPeer peer(RefreshTokenRotation rotation) {
		MutableClock clock = MutableClock.startingNow();
		LogtoTestServer started = LogtoTestServer.builder()
			.sampleData()
			.autoLogin("user-1")
			.refreshTokenRotation(rotation)
			.clock(clock)
			.build()
			.start();
		this.server = started;
		return new FlowPeer() {

			@Override
			public String baseUrl() {
				return started.baseUrl();
			}

			@Override
			public Clock clock() {
				return clock;
			}

			@Override
			public void advanceClock(Duration amount) {
				clock.advance(amount);
			}

			@Override
			public void autoLogin(String userId) {
				started.autoLogin(userId);
			}

			@Override
			public OptionalLong tokenRequests() {
				return OptionalLong.of(started.requestCount(Endpoint.TOKEN));
			}

			@Override
			public OptionalLong revocationRequests() {
				return OptionalLong.of(started.requestCount(Endpoint.REVOCATION));
			}
		};
	}
}
