package io.github.logtoreactive;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.logtoreactive.internal.token.TokenFlow;
import io.github.logtoreactive.store.StoreSessionBinding;
import io.github.logtoreactive.support.ClusterSessionStore;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.RotatingTokenHandler;
import io.github.logtoreactive.support.VirtualTimeClock;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of an application (two engines) sharing one cluster-scoped session store, as with Redis: the refresh
 * lease, its holder dying, the waiter's deadline, and the store failing between Logto's rotation and the write. All
 * waits run in virtual time: both engines and the store's leases read one {@link VirtualTimeClock}; only the HTTP
 * exchanges with the fake Logto take real time.
 */
@Timeout(60)
class ClusterRefreshTests {

	static final String API = "https://api.example.com";

	static final String OTHER_API = "https://other.example.com";

	static final String SESSION_ID = "session-1";

	@StartStop
	final MockWebServer server = new MockWebServer();

	final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	final VirtualTimeClock clock = new VirtualTimeClock(this.time, Instant.ofEpochSecond(Instant.now().getEpochSecond()));

	final ClusterSessionStore store = new ClusterSessionStore(this.clock);

	FakeLogto logto;

	RotatingTokenHandler tokens;

	LogtoConfig config;

	LogtoEngine instanceA;

	LogtoEngine instanceB;

	LogtoSession signedIn;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, this.clock);
		this.tokens = new RotatingTokenHandler(this.logto, this.clock);
		this.logto.tokenHandler = this.tokens;
		this.config = this.logto.config().resources(API, OTHER_API).build();
		this.instanceA = LogtoEngine.builder(this.config).clock(this.clock).scheduler(this.time).build();
		this.instanceB = LogtoEngine.builder(this.config).clock(this.clock).scheduler(this.time).build();
		Instant past = this.clock.instant().minusSeconds(7200);
		this.signedIn = LogtoSession.create(SESSION_ID, past)
			.withTokens(this.logto.mintIdToken(null), this.tokens.issueRefreshToken())
			.withAccessToken(TokenKey.resource(API), new AccessToken("h.expired.s", "", past, past.plusSeconds(3600)));
		this.store.save(this.signedIn, -1).block(Duration.ofSeconds(5));
	}

	/** How long an instance holds the lease at most: a refresh with all its retries (the coordinator's rule). */
	Duration leaseLifetime() {
		return this.config.responseTimeout().multipliedBy(this.config.transientRetries() + 2L);
	}

	CompletableFuture<String> accessToken(LogtoEngine instance) {
		return instance.client(StoreSessionBinding.of(this.store, SESSION_ID)).getAccessToken(API).toFuture();
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
		return this.store.load(SESSION_ID).block(Duration.ofSeconds(5));
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
	void getAccessTokenWhileAnotherInstanceRefreshesThenWaitsForItsLeaseAndAdoptsWhatItStoredWithoutATokenRequest()
			throws Exception {
		CompletableFuture<String> holder = accessToken(this.instanceA);
		assertThat(this.store.leaseHolder(SESSION_ID)).as("instance A took the lease").isNotNull();

		CompletableFuture<String> waiter = accessToken(this.instanceB);
		String refreshedByA = await(holder);
		assertThat(waiter).as("instance B waits for the lease holder").isNotDone();
		this.time.advanceTimeBy(Duration.ofMillis(100));

		assertThat(await(waiter)).isEqualTo(refreshedByA);
		assertThat(this.tokens.refreshRequests).as("one refresh in the cluster").hasValue(1);
		assertThat(this.tokens.isLive(stored().refreshToken())).isTrue();
		assertThat(this.store.leaseHolder(SESSION_ID)).isNull();
	}

	@Test
	@Disabled("Defect in RefreshCoordinator.awaitOtherInstance, left to the RefreshCoordinator split (issue 12): on "
			+ "finding the lease free it probes with tryAcquireRefreshLease(id, \"probe\", 1 ms), which takes the lease "
			+ "itself, so the waiter's own tryAcquireRefreshLease right after is refused while the probe's 1 ms lease "
			+ "lives; the waiter then polls again and repeats, and takes over only if more than 1 ms passes between the "
			+ "two calls (by chance with Redis, never in virtual time) or fails at its deadline")
	void getAccessTokenWhenTheLeaseHolderDiedThenTheWaiterTakesOverOnceTheLeaseExpires() throws Exception {
		Duration leftByTheDeadInstance = Duration.ofSeconds(5);
		this.store.tryAcquireRefreshLease(SESSION_ID, "instance-that-died", leftByTheDeadInstance)
			.block(Duration.ofSeconds(5));

		CompletableFuture<String> waiter = accessToken(this.instanceB);
		this.time.advanceTimeBy(leftByTheDeadInstance.minusMillis(100));
		assertThat(waiter).as("waits while the dead instance's lease lives").isNotDone();
		assertThat(this.tokens.refreshRequests).hasValue(0);
		this.time.advanceTimeBy(Duration.ofMillis(200));

		assertThat(TokenFlow.decodeAccessToken(await(waiter)).aud()).containsExactly(API);
		assertThat(this.tokens.refreshRequests).hasValue(1);
		assertThat(this.tokens.isLive(stored().refreshToken())).isTrue();
		assertThat(this.store.leaseHolder(SESSION_ID)).as("released after the refresh").isNull();
	}

	@Test
	void getAccessTokenWhenTheLeaseOutlivesTheWaitersDeadlineThenRetryableTransportErrorAtTheDeadlineAndSessionKept()
			throws Exception {
		this.store.tryAcquireRefreshLease(SESSION_ID, "instance-stuck", Duration.ofHours(1))
			.block(Duration.ofSeconds(5));
		Duration deadline = leaseLifetime().multipliedBy(2);

		CompletableFuture<String> waiter = accessToken(this.instanceB);
		this.time.advanceTimeBy(deadline.minusMillis(100));
		assertThat(waiter).as("still waiting just before the deadline").isNotDone();
		this.time.advanceTimeBy(Duration.ofMillis(200));

		assertThat(failure(waiter)).isInstanceOfSatisfying(LogtoTransportException.class, ex -> {
			assertThat(ex.isTimeout()).isTrue();
			assertThat(ex.code()).isEqualTo("transport.timeout");
		});
		assertThat(this.tokens.refreshRequests).as("never refreshed behind the holder's back").hasValue(0);
		assertThat(stored()).as("the session is untouched").isEqualTo(this.signedIn);
	}

	@Test
	void getAccessTokenForAnotherResourceAfterTheOtherInstanceRotatedThenRefreshesWithTheRotatedTokenAndStoresTheLiveOne()
			throws Exception {
		StoreSessionBinding readBeforeTheRotation = StoreSessionBinding.of(this.store, SESSION_ID);
		readBeforeTheRotation.load().block(Duration.ofSeconds(5));
		await(accessToken(this.instanceA));

		String other = await(this.instanceB.client(readBeforeTheRotation).getAccessToken(OTHER_API).toFuture());

		assertThat(presentedRefreshTokens()).as("instance B refreshed with A's rotated token, replaying nothing")
			.hasSize(2)
			.doesNotHaveDuplicates();
		assertThat(this.tokens.invalidGrants).hasValue(0);
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
