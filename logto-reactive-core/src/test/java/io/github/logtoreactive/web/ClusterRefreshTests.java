package io.github.logtoreactive.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionExpiredException;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.internal.token.TokenFlow;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.support.ClusterSessionStore;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.RotatingTokenHandler;
import io.github.logtoreactive.support.VirtualTimeClock;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of an application (two engines, each with its {@link RequestSessions}) sharing one cluster-scoped
 * session store, as with Redis: a request that read the session before the other instance rotated its refresh token,
 * and the store failing between Logto's rotation and the write (what the next request on the other instance gets).
 * Both engines and the store's leases read one {@link VirtualTimeClock}; only the HTTP exchanges with the fake Logto
 * take real time. The lease itself (waiting, a dead holder, the wait deadline) is {@code ClusterRefreshLeaseTests}'.
 */
@Timeout(60)
class ClusterRefreshTests {

	static final String API = "https://api.example.com";

	static final String OTHER_API = "https://other.example.com";

	static final String SESSION_ID = SessionIdCookieCodec.newSessionId();

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	@StartStop
	final MockWebServer server = new MockWebServer();

	final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	final VirtualTimeClock clock = new VirtualTimeClock(this.time, Instant.ofEpochSecond(Instant.now().getEpochSecond()));

	final ClusterSessionStore store = new ClusterSessionStore(this.clock);

	final SessionCookieSettings settings = SessionCookieSettings.builder().secure(false).build();

	final CookieSecrets secrets = CookieSecrets.of(FakeLogto.APP_ID, "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA");

	final SessionIdCookieCodec ids = SessionIdCookieCodec.create(this.secrets, this.settings);

	FakeLogto logto;

	RotatingTokenHandler tokens;

	RequestSessions instanceA;

	RequestSessions instanceB;

	LogtoSession signedIn;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, this.clock);
		this.tokens = new RotatingTokenHandler(this.logto, this.clock);
		this.logto.tokenHandler = this.tokens;
		LogtoConfig config = this.logto.config().resources(API, OTHER_API).build();
		this.instanceA = instance(config);
		this.instanceB = instance(config);
		Instant past = this.clock.instant().minusSeconds(7200);
		this.signedIn = LogtoSession.create(SESSION_ID, past)
			.withTokens(this.logto.mintIdToken(null), this.tokens.issueRefreshToken())
			.withAccessToken(TokenKey.resource(API), new AccessToken("h.expired.s", "", past, past.plusSeconds(3600)));
		this.store.save(this.signedIn, SessionStore.ABSENT).block(TIMEOUT);
	}

	RequestSessions instance(LogtoConfig config) {
		LogtoEngine engine = LogtoEngine.builder(config).clock(this.clock).scheduler(this.time).build();
		return RequestSessions.of(engine,
				SessionStorage.inStore(this.store, this.ids, TransactionCookieCodec.create(this.secrets, this.settings)));
	}

	/** @return the client of a new request of the signed-in browser on that instance */
	LogtoClient request(RequestSessions instance) {
		return instance.open(Map.of(this.settings.cookieName(), this.ids.encode(SESSION_ID))).client();
	}

	CompletableFuture<String> accessToken(RequestSessions instance) {
		return request(instance).getAccessToken(API).toFuture();
	}

	static <T> T await(CompletableFuture<T> future) throws Exception {
		return future.get(10, TimeUnit.SECONDS);
	}

	static Throwable failure(CompletableFuture<?> future) throws Exception {
		try {
			future.get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		throw new AssertionError("expected a failure, got a value");
	}

	LogtoSession stored() {
		return this.store.load(SESSION_ID).block(TIMEOUT);
	}

	List<String> presentedRefreshTokens() {
		return this.logto.tokenRequests.stream()
			.map(RecordedRequest::getBody)
			.map(body -> FakeLogto.parseQuery(body == null ? "" : body.utf8()))
			.filter(form -> "refresh_token".equals(form.get("grant_type")))
			.map(form -> form.get("refresh_token"))
			.toList();
	}

	@Test
	void getAccessTokenForAnotherResourceAfterTheOtherInstanceRotatedThenRefreshesWithTheRotatedTokenAndStoresTheLiveOne()
			throws Exception {
		LogtoClient readBeforeTheRotation = request(this.instanceB);
		assertThat(readBeforeTheRotation.isAuthenticated().block(TIMEOUT)).isTrue();
		await(accessToken(this.instanceA));

		String other = await(readBeforeTheRotation.getAccessToken(OTHER_API).toFuture());

		assertThat(presentedRefreshTokens()).as("instance B refreshed with A's rotated token, replaying nothing")
			.hasSize(2)
			.doesNotHaveDuplicates();
		assertThat(this.tokens.invalidGrants).hasValue(0);
		assertThat(TokenFlow.decodeAccessToken(other).aud()).containsExactly(OTHER_API);
		assertThat(stored().accessToken(TokenKey.resource(OTHER_API)).token()).isEqualTo(other);
		assertThat(this.tokens.isLive(stored().refreshToken())).as("the store holds the live refresh token").isTrue();
	}

	@Test
	void getAccessTokenWhenTheStoreFailsAfterLogtoRotatedThenThisRequestFailsTypedAndTheLeaseIsReleased()
			throws Exception {
		this.store.failSaves(1);

		Throwable failed = failure(accessToken(this.instanceA));

		assertThat(failed).isInstanceOf(SessionStoreException.class);
		assertThat(this.tokens.refreshRequests).as("Logto rotated").hasValue(1);
		assertThat(stored().refreshToken()).as("the store still holds the consumed refresh token")
			.isEqualTo(this.signedIn.refreshToken());
		assertThat(this.store.leaseHolder(SESSION_ID)).isNull();
	}

	@Test
	void getAccessTokenOnTheOtherInstanceWithinLogtosReuseWindowAfterAFailedWriteThenReplaysOnceAndTheGrantLives()
			throws Exception {
		this.store.failSaves(1);
		failure(accessToken(this.instanceA));
		this.time.advanceTimeBy(Duration.ofSeconds(2));

		String token = await(accessToken(this.instanceB));

		assertThat(TokenFlow.decodeAccessToken(token).aud()).containsExactly(API);
		assertThat(presentedRefreshTokens()).as("the consumed token is replayed, inside the 3 s reuse window")
			.containsExactly(this.signedIn.refreshToken(), this.signedIn.refreshToken());
		assertThat(this.tokens.revoked()).isFalse();
		assertThat(this.tokens.isLive(stored().refreshToken())).isTrue();
	}

	@Test
	void getAccessTokenOnTheOtherInstanceAfterLogtosReuseWindowAfterAFailedWriteThenTheGrantIsRevokedAndTheSessionEnds()
			throws Exception {
		// Documents an unavoidable outcome: Logto's new refresh token exists only in instance A's memory (its write
		// failed), so instance B can only present the consumed one; past Logto's 3 s reuse window that revokes the
		// grant, and the user signs in again. B tries nothing else: one token request, then SessionExpiredException.
		this.store.failSaves(1);
		failure(accessToken(this.instanceA));
		this.time.advanceTimeBy(Duration.ofSeconds(4));

		Throwable failed = failure(accessToken(this.instanceB));

		assertThat(failed).isInstanceOfSatisfying(SessionExpiredException.class,
				ex -> assertThat(ex.logtoCode()).isEqualTo("oidc.invalid_grant"));
		assertThat(presentedRefreshTokens()).containsExactly(this.signedIn.refreshToken(),
				this.signedIn.refreshToken());
		assertThat(this.tokens.revoked()).isTrue();
		assertThat(stored().isAuthenticated()).as("the ended session's tokens are cleared").isFalse();
		assertThat(stored().refreshToken()).isNull();
	}
}
