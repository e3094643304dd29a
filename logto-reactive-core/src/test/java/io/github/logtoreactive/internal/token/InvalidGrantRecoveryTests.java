package io.github.logtoreactive.internal.token;

import java.time.Duration;
import java.time.Instant;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.SessionExpiredException;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.InMemorySessionStore;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.web.StoreBindings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code invalid_grant} on a session kept in a store, when another request stored a newer refresh token after this
 * request read the session: the coordinator adopts the stored one, refreshes with it once, and the store ends up
 * with the refresh token that refresh rotated to, never with the one it consumed.
 */
@Timeout(30)
class InvalidGrantRecoveryTests {

	private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

	private static final TokenKey API = TokenKey.resource("https://api.example");

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private TestClock clock;

	private LogtoLikeTokenEndpoint logto;

	private RefreshCoordinator coordinator;

	private SessionStore store;

	/** What this request read: a refresh token Logto no longer knows (refused without revoking the grant). */
	private LogtoSession read;

	private SessionBinding binding;

	@BeforeEach
	void setUp() {
		this.clock = new TestClock(START);
		LogtoConfig config = LogtoConfig.builder()
			.endpoint("https://logto.example")
			.appId("app")
			.appSecret("secret")
			.build();
		this.logto = new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0");
		this.coordinator = new RefreshCoordinator(this.logto, Mono::just, config, this.clock, Schedulers.parallel());
		this.store = InMemorySessionStore.builder().clock(this.clock).build();
		this.read = LogtoSession.create("session-1", START)
			.withTokens("id.token", "rt-unknown-to-logto")
			.withAccessToken(API, new AccessToken("h.old.s", "", START.minusSeconds(7200), START.minusSeconds(3600)));
		assertThat(this.store.save(this.read, SessionStore.ABSENT).block(TIMEOUT)).isTrue();
		this.binding = StoreBindings.of(this.store, "session-1");
		assertThat(this.binding.load().block(TIMEOUT)).isEqualTo(this.read);
	}

	@Test
	void obtainWhenInvalidGrantAndTheStoreHoldsANewerRefreshTokenThenTheStoreKeepsTheOneItsRetryRotatedTo() {
		storedMeanwhile("rt-0");

		StepVerifier.create(this.coordinator.obtain(this.read, API, false, this.binding, this.store))
			.assertNext(session -> assertThat(session.refreshToken()).isEqualTo("rt-1"))
			.expectComplete()
			.verify(TIMEOUT);

		assertThat(this.logto.invalidGrants.get()).as("the unknown refresh token only").isEqualTo(1);
		assertThat(this.logto.requests.get()).as("refused once, retried once").isEqualTo(2);
		LogtoSession stored = this.store.load("session-1").block(TIMEOUT);
		assertThat(stored.refreshToken()).as("not rt-0, which the retry consumed").isEqualTo("rt-1");
		assertThat(this.logto.isLive(stored.refreshToken())).isTrue();
		assertThat(stored.accessToken(API).token()).isEqualTo("h.https://api.example-1.s");
	}

	@Test
	void obtainWhenInvalidGrantAndTheStoresNewerRefreshTokenIsRefusedTooThenSessionExpiredAfterTwoRequests() {
		storedMeanwhile("rt-also-unknown-to-logto");

		StepVerifier.create(this.coordinator.obtain(this.read, API, false, this.binding, this.store))
			.expectError(SessionExpiredException.class)
			.verify(TIMEOUT);

		assertThat(this.logto.requests.get()).isEqualTo(2);
		assertThat(this.store.load("session-1").block(TIMEOUT).isAuthenticated()).isFalse();
	}

	/** Another request or instance stored a newer refresh token after this request read the session. */
	private void storedMeanwhile(String refreshToken) {
		LogtoSession current = this.store.load("session-1").block(TIMEOUT);
		assertThat(this.store.save(current.withTokens(null, refreshToken), current.version()).block(TIMEOUT)).isTrue();
	}
}
