package io.github.logtoreactive.test.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SignInOptions;
import io.github.logtoreactive.SignInRequest;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.RedisSessionStore;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.support.SharedRedis;
import io.github.logtoreactive.support.TestSessionBinding;
import io.github.logtoreactive.web.RequestSession;
import io.github.logtoreactive.web.RequestSessions;
import io.github.logtoreactive.web.SessionCoordination;
import io.github.logtoreactive.web.SessionStorage;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cookie sessions on two instances coordinated through a real {@code redis-server} ({@link SharedRedis}), against an
 * identity provider rotating the refresh token on every refresh and revoking the grant when a consumed one is
 * replayed past its 3 s reuse window (the provider's clock): a refresh inside a stream on instance A (after its
 * response was committed) is adopted by the browser's next request on instance B, which still carries the older
 * cookie. Each subclass supplies one provider, so the same spec holds for both peers; token requests are counted by
 * the engines' own statistics, which both providers allow.
 */
// a guard against hangs, not a measurement: above the peer's 120 s start deadline, which a loaded machine needs
@Timeout(180)
abstract class CookieSessionsAcrossInstancesSpec {

	static final Duration TIMEOUT = CoreClientFlowSpec.TIMEOUT;

	static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	static final String API = CoreClientFlowSpec.API;

	private final SessionCookieSettings settings = SessionCookieSettings.builder().secure(false).build();

	private final CookieSecrets secrets = CookieSecrets.of(CoreClientFlowSpec.CLIENT_ID, SECRET);

	private final SessionCookieCodec codec = SessionCookieCodec.create(this.secrets, this.settings);

	@AutoClose
	private final SharedRedis redis = SharedRedis.start();

	FlowPeer peer;

	/**
	 * @return a provider ready for this test: auto-login as {@code user-1}, rotating the refresh token on every refresh
	 * with a 3 s reuse window, its clock at "now"
	 */
	protected abstract FlowPeer peer();

	@BeforeEach
	void start() {
		this.peer = peer();
	}

	private LogtoConfig config() {
		return LogtoConfig.builder()
			.endpoint(this.peer.baseUrl())
			.appId(CoreClientFlowSpec.CLIENT_ID)
			.appSecret(CoreClientFlowSpec.CLIENT_SECRET)
			.resources(API)
			.build();
	}

	/** @return an instance of the application: its engine, its request sessions coordinated through Redis */
	private Instance instance() {
		RedisSessionStore shared = this.redis.coordinationStore(this.peer.clock(), this.secrets);
		LogtoEngine engine = LogtoEngine.builder(config()).clock(this.peer.clock()).build();
		return new Instance(engine, RequestSessions.of(engine, SessionStorage.inCookies(this.codec,
				TransactionCookieCodec.create(this.secrets, this.settings), SessionCoordination.through(shared))));
	}

	/**
	 * Signs {@code user-1} in through auto-login (with an engine of its own, so that the instances' statistics count
	 * only what the test does).
	 * @return the browser's cookies of a session holding the ID token and the refresh token, no access token yet
	 */
	private Map<String, String> signedInBrowser() {
		TestSessionBinding binding = new TestSessionBinding();
		LogtoClient client = LogtoEngine.builder(config()).clock(this.peer.clock()).build().client(binding);
		SignInRequest request = client.signIn(SignInOptions.builder(CoreClientFlowSpec.REDIRECT_URI).build())
			.block(TIMEOUT);
		assertThat(request).isNotNull();
		String callback = new Browser().followUntil(request.authorizationUri().toString(),
				CoreClientFlowSpec.REDIRECT_URI);
		client.handleSignInCallback(callback).block(TIMEOUT);
		LogtoSession signedIn = Objects.requireNonNull(binding.current(), "session");
		return cookiesOf(LogtoSession.create(SessionIdCookieCodec.newSessionId(), this.peer.clock().instant())
			.withTokens(signedIn.idToken(), signedIn.refreshToken()));
	}

	@Test
	void aRefreshInsideAStreamOnOneInstanceIsAdoptedByTheNextRequestOnTheOtherWithoutReplayingTheConsumedToken() {
		Instance a = instance();
		Instance b = instance();
		// Signed in, no access token yet: the first token call refreshes.
		Map<String, String> browser = signedInBrowser();

		RequestSession stream = a.sessions.open(browser);
		assertThat(stream.client().isAuthenticated().block(TIMEOUT)).isTrue();
		assertThat(stream.commit()).as("the stream's response is committed; its cookies say nothing new").isEmpty();
		String inTheStream = stream.client().getAccessToken(API).block(TIMEOUT);
		assertThat(a.engine.statistics().refreshes()).as("the refresh inside the stream rotated the refresh token")
			.isEqualTo(1);

		// Past the provider's reuse window: replaying the consumed refresh token now revokes the grant.
		this.peer.advanceClock(Duration.ofSeconds(10));
		RequestSession next = b.sessions.open(browser);
		assertThat(next.client().isAuthenticated().block(TIMEOUT)).isTrue();
		assertThat(next.client().getAccessToken(API).block(TIMEOUT)).as("adopted, not refreshed again")
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
		for (SetCookie cookie : this.codec.encode(session, this.peer.clock().instant()).cookies()) {
			jar.put(cookie.name(), cookie.value());
		}
		return jar;
	}

	/** One instance of the application: its engine and its request sessions. */
	private record Instance(LogtoEngine engine, RequestSessions sessions) {
	}
}
