package io.github.logtoreactive.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.NotAuthenticatedException;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.InMemorySessionStore;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.RotatingTokenHandler;
import io.github.logtoreactive.support.TestClock;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed-in session kept in a store, signed out by one request while another request's refresh is in flight:
 * nothing the late refresh brings back may re-create the session.
 */
@Timeout(60)
class SignOutDuringRefreshTests {

	static final String API = "https://api.example.com";

	static final String SESSION_ID = SessionIdCookieCodec.newSessionId();

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	final SessionStore store = InMemorySessionStore.builder().clock(this.clock).build();

	final SessionCookieSettings settings = SessionCookieSettings.builder().secure(false).build();

	final CookieSecrets secrets = CookieSecrets.of(FakeLogto.APP_ID, "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA");

	final SessionIdCookieCodec ids = SessionIdCookieCodec.create(this.secrets, this.settings);

	FakeLogto logto;

	RotatingTokenHandler tokens;

	RequestSessions sessions;

	LogtoSession signedIn;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, this.clock);
		this.tokens = new RotatingTokenHandler(this.logto, this.clock);
		this.logto.tokenHandler = this.tokens;
		LogtoEngine engine = LogtoEngine.builder(this.logto.config().resources(API).build()).clock(this.clock).build();
		this.sessions = RequestSessions.of(engine,
				SessionStorage.inStore(this.store, this.ids, TransactionCookieCodec.create(this.secrets, this.settings)));
		Instant past = this.clock.instant().minusSeconds(7200);
		this.signedIn = LogtoSession.create(SESSION_ID, past)
			.withTokens(this.logto.mintIdToken(null), this.tokens.issueRefreshToken())
			.withAccessToken(TokenKey.resource(API), new AccessToken("h.expired.s", "", past, past.plusSeconds(3600)));
		this.store.save(this.signedIn, SessionStore.ABSENT).block(TIMEOUT);
	}

	/** @return the client of a new request of the signed-in browser */
	LogtoClient request() {
		return this.sessions.open(Map.of(this.settings.cookieName(), this.ids.encode(SESSION_ID))).client();
	}

	@Test
	void getAccessTokenWhenSignedOutWhileItsRefreshIsInFlightThenNotAuthenticatedAndNothingRecreatesTheSession()
			throws Exception {
		CountDownLatch refreshAnswered = new CountDownLatch(1);
		CountDownLatch signedOut = new CountDownLatch(1);
		// Logto has rotated the refresh token; its answer reaches the application only after the sign-out finished.
		this.logto.tokenHandler = tokenRequest -> {
			MockResponse rotated = this.tokens.apply(tokenRequest);
			refreshAnswered.countDown();
			awaitOnMockServerThread(signedOut);
			return rotated;
		};
		CompletableFuture<String> inFlight = request().getAccessToken(API).toFuture();
		assertThat(refreshAnswered.await(10, TimeUnit.SECONDS)).isTrue();

		String endSession = request().signOut("https://app.example.com/").block(TIMEOUT);
		signedOut.countDown();

		assertThat(endSession).contains("/session/end?");
		assertThat(failure(inFlight)).isInstanceOf(NotAuthenticatedException.class);
		assertThat(this.store.load(SESSION_ID).blockOptional(TIMEOUT)).as("still signed out").isEmpty();
		assertThat(this.sessions.reconcile(this.signedIn)).as("no stale copy is brought up to the refreshed tokens")
			.isSameAs(this.signedIn);
		assertThat(request().isAuthenticated().block(TIMEOUT)).isFalse();
	}

	private static void awaitOnMockServerThread(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static Throwable failure(CompletableFuture<?> future) {
		try {
			future.get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (Exception ex) {
			throw new AssertionError("no outcome within 10 s", ex);
		}
		throw new AssertionError("expected a failure, got a value");
	}
}
