package io.github.logtoreactive.test.flows;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

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
}
