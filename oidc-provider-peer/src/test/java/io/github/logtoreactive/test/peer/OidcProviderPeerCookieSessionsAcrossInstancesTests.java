package io.github.logtoreactive.test.peer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.RedisSessionStore;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.support.SharedRedis;
import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.web.RequestSession;
import io.github.logtoreactive.web.RequestSessions;
import io.github.logtoreactive.web.SessionCoordination;
import io.github.logtoreactive.web.SessionStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cookie sessions on two instances coordinated through a real {@code redis-server} ({@link SharedRedis}), against
 * the real {@code oidc-provider} rotating the refresh token on every refresh and revoking the grant when a consumed
 * one is replayed past its 3 s reuse window (the peer's clock): a refresh inside a stream on instance A (after its
 * response was committed) is adopted by the browser's next request on instance B, which still carries the older
 * cookie.
 */
@Timeout(60)
class OidcProviderPeerCookieSessionsAcrossInstancesTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	private final SessionCookieSettings settings = SessionCookieSettings.builder().secure(false).build();

	private final CookieSecrets secrets = CookieSecrets.of(PeerFlows.CLIENT_ID, SECRET);

	private final SessionCookieCodec codec = SessionCookieCodec.create(this.secrets, this.settings);

	@AutoClose
	private final SharedRedis redis = SharedRedis.start();

	private OidcProviderPeer peer;

	@BeforeEach
	void start() {
		this.peer = OidcProviderPeer.builder()
			.tenant(TestTenant.sample())
			.autoLogin("user-1")
			.refreshTokenRotation(RefreshTokenRotation.ALWAYS)
			.refreshTokenReuseWindow(Duration.ofSeconds(3))
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.peer.close();
	}

	private Instance instance() {
		RedisSessionStore shared = this.redis.coordinationStore(Clock.systemUTC(), this.secrets);
		String endpoint = this.peer.issuer().substring(0, this.peer.issuer().length() - "/oidc".length());
		LogtoEngine engine = LogtoEngine.create(LogtoConfig.builder()
			.endpoint(endpoint)
			.appId(PeerFlows.CLIENT_ID)
			.appSecret(PeerFlows.CLIENT_SECRET)
			.resources(PeerFlows.API)
			.build());
		return new Instance(engine, RequestSessions.of(engine, SessionStorage.inCookies(this.codec,
				TransactionCookieCodec.create(this.secrets, this.settings), SessionCoordination.through(shared))));
	}

	@Test
	void aRefreshInsideAStreamOnOneInstanceIsAdoptedByTheNextRequestOnTheOtherWithoutReplayingTheConsumedToken() {
		Instance a = instance();
		Instance b = instance();
		Map<String, Object> tokens = new PeerFlows(this.peer).tokens("openid offline_access profile");
		// Signed in, no access token yet: the first token call refreshes.
		Map<String, String> browser = cookiesOf(LogtoSession.create(SessionIdCookieCodec.newSessionId(), Instant.now())
			.withTokens((String) tokens.get("id_token"), (String) tokens.get("refresh_token")));

		RequestSession stream = a.sessions.open(browser);
		assertThat(stream.client().isAuthenticated().block(TIMEOUT)).isTrue();
		assertThat(stream.commit()).as("the stream's response is committed; its cookies say nothing new").isEmpty();
		String inTheStream = stream.client().getAccessToken(PeerFlows.API).block(TIMEOUT);
		assertThat(a.engine.statistics().refreshes()).as("the refresh inside the stream rotated the refresh token")
			.isEqualTo(1);

		// Past the peer's reuse window: replaying the consumed refresh token now revokes the grant.
		this.peer.advanceClock(Duration.ofSeconds(10));
		RequestSession next = b.sessions.open(browser);
		assertThat(next.client().isAuthenticated().block(TIMEOUT)).isTrue();
		assertThat(next.client().getAccessToken(PeerFlows.API).block(TIMEOUT)).as("adopted, not refreshed again")
			.isEqualTo(inTheStream);
		// The grant is alive: the next rotation works from the adopted refresh token.
		assertThat(next.client().getAccessToken().block(TIMEOUT)).isNotBlank();
		assertThat(next.client().isAuthenticated().block(TIMEOUT)).as("still signed in").isTrue();
		assertThat(next.commit()).as("the browser gets the newest tokens").isNotEmpty();

		assertThat(a.engine.statistics().refreshes() + b.engine.statistics().refreshes())
			.as("one token request per rotation").isEqualTo(2);
		assertThat(a.engine.statistics().refreshFailures() + b.engine.statistics().refreshFailures())
			.as("no invalid_grant").isZero();
	}

	private Map<String, String> cookiesOf(LogtoSession session) {
		Map<String, String> jar = new HashMap<>();
		for (SetCookie cookie : this.codec.encode(session, Instant.now()).cookies()) {
			jar.put(cookie.name(), cookie.value());
		}
		return jar;
	}

	/** One instance of the application: its engine and its request sessions. */
	private record Instance(LogtoEngine engine, RequestSessions sessions) {
	}
}
