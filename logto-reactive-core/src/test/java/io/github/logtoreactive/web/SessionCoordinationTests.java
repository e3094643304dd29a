package io.github.logtoreactive.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.InMemorySessionStore;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.support.RotatingTokenHandler;
import io.github.logtoreactive.support.TestClock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two instances (two engines) keeping sessions in cookies, coordinated through one shared store: what one instance
 * changes reaches the other. Time follows a {@link TestClock}; Logto rotates refresh tokens and revokes the grant
 * when a consumed one is replayed past its 3 s reuse window.
 */
@Timeout(60)
class SessionCoordinationTests {

	private static final Duration TIMEOUT = ApplicationInstances.TIMEOUT;

	@AutoClose
	final ApplicationInstances app = ApplicationInstances.inMemory();

	final TestClock clock = this.app.clock;

	/** Logto rotates refresh tokens. */
	final RotatingTokenHandler tokens = this.app.rotatingTokens();

	/** Signed in, its access token expired: the first token call refreshes. */
	final LogtoSession signedIn = this.app.signedInWithExpiredAccessToken(this.tokens.issueRefreshToken());

	final SessionStore shared = new SharedStore(InMemorySessionStore.builder().clock(this.clock).build());

	private RequestSessions instance() {
		return instance(this.shared);
	}

	private RequestSessions instance(SessionStore shared) {
		return this.app.coordinatedCookieInstance(SessionCoordination.through(shared));
	}

	private Map<String, String> cookiesOf(LogtoSession session) {
		return this.app.cookiesOf(session);
	}

	@Test
	void throughWhenTheStoreIsPerInstanceThenStartupFailsNamingTheRedisUrl() {
		assertThatThrownBy(() -> SessionCoordination.through(InMemorySessionStore.builder().build()))
			.isInstanceOf(LogtoConfigurationException.class)
			.hasMessageContaining("logto.session.redis-url");
	}

	@Test
	void changeAfterCommitOnOneInstanceThenTheNextRequestOnTheOtherAdoptsItWithoutATokenRequest() {
		RequestSessions first = instance();
		RequestSessions second = instance();
		Map<String, String> browser = cookiesOf(this.signedIn);
		RequestSession streaming = first.open(browser);
		streaming.client().isAuthenticated().block(TIMEOUT);
		assertThat(streaming.commit()).isEmpty();
		String refreshed = streaming.client().getAccessToken().block(TIMEOUT);
		assertThat(this.tokens.refreshRequests).hasValue(1);

		this.clock.advance(Duration.ofSeconds(10));
		RequestSession next = second.open(browser);
		String onSecond = next.client().getAccessToken().block(TIMEOUT);

		assertThat(onSecond).isEqualTo(refreshed);
		assertThat(this.tokens.refreshRequests).as("one token request per rotation").hasValue(1);
		assertThat(this.tokens.invalidGrants).hasValue(0);
		assertThat(next.commit()).as("the browser gets the new tokens").isNotEmpty();
	}

	@Test
	void publishedTokensCarryNoTransactionAndSignOutForgetsThem() {
		RequestSessions first = instance();
		RequestSession refreshing = first.open(cookiesOf(this.signedIn));
		refreshing.client().getAccessToken().block(TIMEOUT);
		assertThat(this.shared.load(this.signedIn.id()).block(TIMEOUT)).isNotNull()
			.satisfies(published -> assertThat(published.transactions()).isEmpty());

		RequestSession signingOut = first.open(cookiesOf(this.signedIn));
		signingOut.client().signOut(null).block(TIMEOUT);

		assertThat(this.shared.load(this.signedIn.id()).blockOptional(TIMEOUT)).isEmpty();
	}

	@Test
	void adoptedTokensAreNotPublishedAgainSoTheyNeverReplaceANewerPublicationOfAnotherInstance() {
		RequestSessions first = instance();
		Sinks.Empty<Void> reached = Sinks.empty();
		Sinks.Empty<Void> gate = Sinks.empty();
		// The second instance's writes to the shared store wait for the gate: the test orders the two instances'
		// publications explicitly.
		RequestSessions second = instance(new HeldWrites(this.shared, reached, gate));
		Map<String, String> browser = cookiesOf(this.signedIn);
		first.open(browser).client().getAccessToken().block(TIMEOUT);

		// The second instance adopts what the first published (no token request) ...
		CompletableFuture<String> adopting = second.open(browser).client().getAccessToken().toFuture();
		Mono.firstWithSignal(reached.asMono(), Mono.fromFuture(adopting).then()).block(TIMEOUT);
		// ... while the first refreshes again and publishes newer tokens.
		this.clock.advance(Duration.ofHours(2));
		String newest = first.open(browser).client().getAccessToken().block(TIMEOUT);
		gate.tryEmitEmpty();
		Mono.fromFuture(adopting).block(TIMEOUT);

		assertThat(this.shared.load(this.signedIn.id()).block(TIMEOUT))
			.extracting(published -> published.accessToken(TokenKey.DEFAULT).token())
			.as("the shared record still holds the newest tokens")
			.isEqualTo(newest);
		// The browser's next request, on a third instance past Logto's reuse window, refreshes the newest tokens.
		this.clock.advance(Duration.ofHours(2));
		int tokenRequests = this.tokens.refreshRequests.get();
		instance().open(browser).client().getAccessToken().block(TIMEOUT);
		assertThat(this.tokens.refreshRequests.get() - tokenRequests).as("one token request").isEqualTo(1);
		assertThat(this.tokens.invalidGrants).as("no consumed refresh token replayed").hasValue(0);
	}

	@Test
	void publishWhenTheSharedRecordHoldsTheSameOrANewerGenerationThenTheRecordIsKept() {
		SessionCoordination coordination = SessionCoordination.through(this.shared);
		LogtoSession newer = this.signedIn.withTokens(null, "rt-newer").withVersion(2);
		assertThat(coordination.publish(newer).block(TIMEOUT)).isTrue();

		assertThat(coordination.publish(this.signedIn.withTokens(null, "rt-older").withVersion(1)).block(TIMEOUT))
			.as("the record holds a newer generation")
			.isTrue();
		assertThat(coordination.publish(this.signedIn.withTokens(null, "rt-fork").withVersion(2)).block(TIMEOUT))
			.as("the record holds that generation")
			.isTrue();

		assertThat(this.shared.load(this.signedIn.id()).block(TIMEOUT)).isEqualTo(newer);
		LogtoSession next = newer.withTokens(null, "rt-next").withVersion(3);
		assertThat(coordination.publish(next).block(TIMEOUT)).isTrue();
		assertThat(this.shared.load(this.signedIn.id()).block(TIMEOUT)).isEqualTo(next);
	}

	/** The shared store, as one instance sees it: its writes wait for {@code gate} (and say when one does). */
	private static final class HeldWrites extends SharedStore {

		private final Sinks.Empty<Void> reached;

		private final Sinks.Empty<Void> gate;

		HeldWrites(SessionStore delegate, Sinks.Empty<Void> reached, Sinks.Empty<Void> gate) {
			super(delegate);
			this.reached = reached;
			this.gate = gate;
		}

		@Override
		public Mono<Boolean> save(LogtoSession session, long expectedVersion) {
			return Mono.defer(() -> {
				this.reached.tryEmitEmpty();
				return this.gate.asMono().then(super.save(session, expectedVersion));
			});
		}
	}

	/** An in-memory store standing for one shared by every instance (Redis). */
	private static class SharedStore implements SessionStore {

		private final SessionStore delegate;

		SharedStore(SessionStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public Mono<LogtoSession> load(String sessionId) {
			return this.delegate.load(sessionId);
		}

		@Override
		public Mono<Boolean> save(LogtoSession session, long expectedVersion) {
			return this.delegate.save(session, expectedVersion);
		}

		@Override
		public Mono<Void> delete(String sessionId) {
			return this.delegate.delete(sessionId);
		}

		@Override
		public boolean isClusterScoped() {
			return true;
		}
	}
}
