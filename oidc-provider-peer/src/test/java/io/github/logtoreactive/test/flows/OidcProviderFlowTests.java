package io.github.logtoreactive.test.flows;

import java.util.EnumMap;
import java.util.Map;

import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.peer.OidcProviderPeer;
import org.junit.jupiter.api.AfterAll;

/**
 * The core client's flows against the real {@code oidc-provider} 9.13.3 configured like Logto
 * ({@link OidcProviderPeer}): one Node.js process per rotation policy, started on first use and reset before each test
 * (tokens, grants, sessions and its clock back to real time). The engine's clock starts at "now" with it and moves
 * whenever the peer's clock is advanced, so both agree about expiry. Unlike the embedded server's, the peer's clock
 * also ticks in real time while the engine's stands still; a test lasts a few seconds, far inside the client's 60 s
 * clock tolerance and refresh skew.
 *
 * <p>
 * The peer has no request counters; token-request counts come from the engine's own statistics, and "no
 * {@code invalid_grant}" is proven by every call succeeding and the grant still working afterwards.
 */
class OidcProviderFlowTests extends CoreClientFlowSpec {

	private static final Map<RefreshTokenRotation, OidcProviderPeer> PEERS = new EnumMap<>(RefreshTokenRotation.class);

	@AfterAll
	static void stopPeers() {
		PEERS.values().forEach(OidcProviderPeer::stop);
		PEERS.clear();
	}

	@Override
	protected FlowPeer peer(RefreshTokenRotation rotation) {
		OidcProviderPeer peer = PEERS.computeIfAbsent(rotation, policy -> OidcProviderPeer.builder()
			.tenant(TestTenant.sample())
			.autoLogin("user-1")
			.refreshTokenRotation(policy)
			.build()
			.start());
		peer.reset();
		return FlowPeer.oidcProvider(peer);
	}

	/**
	 * The peer does not implement {@code client_credentials} + {@code organization_id} (listed under "Not implemented"
	 * in {@code src/main/node/README.md}), so that one test is skipped here; it runs against the embedded server.
	 */
	@Override
	protected boolean supportsMachineToMachineOrganizationTokens() {
		return false;
	}
}
