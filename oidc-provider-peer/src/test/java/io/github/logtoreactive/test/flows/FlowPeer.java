package io.github.logtoreactive.test.flows;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

import io.github.logtoreactive.test.Endpoint;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.MutableClock;
import io.github.logtoreactive.test.peer.OidcProviderPeer;

/**
 * One identity provider the flow spec runs against, ready for one test: where it is, the clock the engine must use to
 * agree with it about expiry, and its test controls.
 */
interface FlowPeer {

	/** @return the Logto endpoint to configure (the issuer is {@code <baseUrl>/oidc}) */
	String baseUrl();

	/** @return the issuer */
	default String issuer() {
		return baseUrl() + "/oidc";
	}

	/** @return the clock for the engine, standing where the provider's clock stands */
	Clock clock();

	/**
	 * Moves the provider's clock and the engine's clock forward together (expiry, the 70% rotation threshold and the
	 * refresh-token reuse window all follow it). Call from the test's main thread.
	 * @param amount how far
	 */
	void advanceClock(Duration amount);

	/**
	 * @param userId the user that the next sign-in signs in without a sign-in page
	 */
	void autoLogin(String userId);

	/**
	 * Rotates the provider's signing key as Logto's console does: a new key signs from now on, the old one stays
	 * published as the previous key. Call from the test's main thread.
	 */
	void rotateSigningKey();

	/** @return requests the token endpoint received, when the provider counts them */
	OptionalLong tokenRequests();

	/** @return requests the revocation endpoint received, when the provider counts them */
	OptionalLong revocationRequests();

	/**
	 * @param server a started embedded server
	 * @param clock the server's clock, the engine's too
	 * @return the server as a flow peer, counting its requests
	 */
	static FlowPeer embedded(LogtoTestServer server, MutableClock clock) {
		return new FlowPeer() {

			@Override
			public String baseUrl() {
				return server.baseUrl();
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
				server.autoLogin(userId);
			}

			@Override
			public void rotateSigningKey() {
				server.rotateSigningKey();
			}

			@Override
			public OptionalLong tokenRequests() {
				return OptionalLong.of(server.requestCount(Endpoint.TOKEN));
			}

			@Override
			public OptionalLong revocationRequests() {
				return OptionalLong.of(server.requestCount(Endpoint.REVOCATION));
			}
		};
	}

	/**
	 * @param peer a started {@code oidc-provider}, its clock at real time
	 * @return the peer as a flow peer: the engine's clock starts at "now" and moves whenever the peer's clock is
	 * advanced; the peer counts no requests
	 */
	static FlowPeer oidcProvider(OidcProviderPeer peer) {
		MutableClock clock = MutableClock.startingNow();
		return new FlowPeer() {

			@Override
			public String baseUrl() {
				return peer.baseUrl();
			}

			@Override
			public Clock clock() {
				return clock;
			}

			@Override
			public void advanceClock(Duration amount) {
				peer.advanceClock(amount);
				clock.advance(amount);
			}

			@Override
			public void autoLogin(String userId) {
				peer.autoLogin(userId);
			}

			@Override
			public void rotateSigningKey() {
				peer.rotateSigningKey();
			}

			@Override
			public OptionalLong tokenRequests() {
				return OptionalLong.empty();
			}

			@Override
			public OptionalLong revocationRequests() {
				return OptionalLong.empty();
			}
		};
	}
}
