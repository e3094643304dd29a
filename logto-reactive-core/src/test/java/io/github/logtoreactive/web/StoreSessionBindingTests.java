package io.github.logtoreactive.web;

import java.time.Duration;
import java.time.Instant;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SignInTransaction;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.InMemorySessionStore;
import io.github.logtoreactive.store.RealisticSessions;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.support.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The binding's merge rules, over the in-memory store (the same rules run against Redis in
 * {@code RedisSessionStoreTests}).
 */
@Timeout(30)
public class StoreSessionBindingTests {

	static final Instant NOW = RealisticSessions.NOW;

	static final TokenKey ORDERS = TokenKey.resource("https://api.example.com/orders");

	static final TokenKey INVOICES = TokenKey.resource("https://api.example.com/invoices");

	private final SessionStore store = InMemorySessionStore.builder().clock(new TestClock(NOW)).build();

	static AccessToken token(String value, long expiresInSeconds) {
		return new AccessToken(value, "read", NOW, NOW.plusSeconds(expiresInSeconds));
	}

	static LogtoSession signedIn(String id) {
		return LogtoSession.create(id, NOW).withTokens("id-1", "refresh-1");
	}

	/**
	 * @param store a store holding nothing of the session this check writes
	 */
	public static void slowerRequestNeverPutsBackAnOlderRefreshToken(SessionStore store) {
		String id = SessionIdCookieCodec.newSessionId();
		store.save(signedIn(id), SessionStore.ABSENT).block();
		StoreSessionBinding fast = StoreSessionBinding.of(store, id);
		StoreSessionBinding slow = StoreSessionBinding.of(store, id);
		LogtoSession fastRead = fast.load().block();
		LogtoSession slowRead = slow.load().block();

		fast.save(fastRead.withTokens("id-2", "refresh-2").withAccessToken(ORDERS, token("orders-new", 3600)))
			.block();
		LogtoSession slowResult = slow
			.save(slowRead.withAccessToken(ORDERS, token("orders-old", 60)).withAccessToken(INVOICES,
					token("invoices", 3600)))
			.block();

		LogtoSession stored = store.load(id).block();
		assertThat(stored.refreshToken()).isEqualTo("refresh-2");
		assertThat(stored.idToken()).isEqualTo("id-2");
		assertThat(stored.accessToken(ORDERS).token()).isEqualTo("orders-new");
		assertThat(stored.accessToken(INVOICES).token()).isEqualTo("invoices");
		assertThat(slowResult).isEqualTo(stored);
	}

	@Test
	void ofWhenFewerThanOneAttemptThenRefused() {
		assertThat(StoreSessionBinding.of(this.store, "s", 1).sessionId()).isEqualTo("s");
		assertThatThrownBy(() -> StoreSessionBinding.of(this.store, "s", 0))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("maxAttempts must be at least 1");
	}

	@Test
	void saveWhenSlowerRequestSavesOlderStateThenNewerRefreshTokenKept() {
		slowerRequestNeverPutsBackAnOlderRefreshToken(this.store);
	}

	@Test
	void saveWhenBothRotatedRefreshTokenThenStoredOneWins() {
		String id = SessionIdCookieCodec.newSessionId();
		this.store.save(signedIn(id), SessionStore.ABSENT).block();
		StoreSessionBinding a = StoreSessionBinding.of(this.store, id);
		StoreSessionBinding b = StoreSessionBinding.of(this.store, id);
		LogtoSession readA = a.load().block();
		LogtoSession readB = b.load().block();

		a.save(readA.withTokens(null, "refresh-a")).block();
		b.save(readB.withTokens(null, "refresh-b")).block();

		assertThat(this.store.load(id).block().refreshToken()).isEqualTo("refresh-a");
	}

	@Test
	void saveWhenOnlyThisRequestChangedRefreshTokenThenItIsKept() {
		String id = SessionIdCookieCodec.newSessionId();
		this.store.save(signedIn(id), SessionStore.ABSENT).block();
		StoreSessionBinding refresher = StoreSessionBinding.of(this.store, id);
		StoreSessionBinding other = StoreSessionBinding.of(this.store, id);
		LogtoSession read = refresher.load().block();
		LogtoSession otherRead = other.load().block();
		other.save(otherRead.withAccessToken(INVOICES, token("invoices", 3600))).block();

		LogtoSession result = refresher.save(read.withTokens(null, "refresh-2")).block();

		assertThat(result.refreshToken()).isEqualTo("refresh-2");
		assertThat(result.accessToken(INVOICES)).isNotNull();
		assertThat(this.store.load(id).block()).isEqualTo(result);
	}

	@Test
	void saveWhenConcurrentSignInsInTwoTabsThenBothTransactionsKept() {
		String id = SessionIdCookieCodec.newSessionId();
		this.store.save(LogtoSession.create(id, NOW).withTokens(null, null), SessionStore.ABSENT).block();
		StoreSessionBinding tab1 = StoreSessionBinding.of(this.store, id);
		StoreSessionBinding tab2 = StoreSessionBinding.of(this.store, id);
		LogtoSession read1 = tab1.load().block();
		LogtoSession read2 = tab2.load().block();

		tab1.save(read1.withTransaction(new SignInTransaction("s1", "v", "n", "https://a/cb", null, NOW))).block();
		tab2.save(read2.withTransaction(new SignInTransaction("s2", "v", "n", "https://a/cb", null, NOW))).block();

		assertThat(this.store.load(id).block().transactions()).containsOnlyKeys("s1", "s2");
	}

	@Test
	void saveWhenSessionIdChangedThenWrittenUnderNewIdAndOldDeleted() {
		String oldId = SessionIdCookieCodec.newSessionId();
		this.store.save(LogtoSession.create(oldId, NOW).withTransaction(
				new SignInTransaction("s1", "v", "n", "https://a/cb", null, NOW)), SessionStore.ABSENT).block();
		StoreSessionBinding binding = StoreSessionBinding.of(this.store, oldId);
		LogtoSession read = binding.load().block();
		String newId = SessionIdCookieCodec.newSessionId();

		LogtoSession saved = binding
			.save(read.withoutTransaction("s1").withTokens("id", "refresh").withId(newId, NOW.plusSeconds(5)))
			.block();

		assertThat(binding.sessionId()).isEqualTo(newId);
		assertThat(saved.id()).isEqualTo(newId);
		StepVerifier.create(this.store.load(oldId)).verifyComplete();
		assertThat(this.store.load(newId).block().refreshToken()).isEqualTo("refresh");
	}

	@Test
	void saveWhenNoCookieYetThenCreated() {
		StoreSessionBinding binding = StoreSessionBinding.of(this.store, null);
		String id = SessionIdCookieCodec.newSessionId();

		StepVerifier.create(binding.load()).verifyComplete();
		StepVerifier.create(binding.save(signedIn(id))).expectNextCount(1).verifyComplete();

		assertThat(binding.sessionId()).isEqualTo(id);
		assertThat(this.store.load(id).block().refreshToken()).isEqualTo("refresh-1");
	}

	@Test
	void saveWhenSignedOutElsewhereMeanwhileThenNotResurrected() {
		String id = SessionIdCookieCodec.newSessionId();
		this.store.save(signedIn(id), SessionStore.ABSENT).block();
		StoreSessionBinding binding = StoreSessionBinding.of(this.store, id);
		LogtoSession read = binding.load().block();
		StoreSessionBinding.of(this.store, id).delete().block();

		LogtoSession result = binding.save(read.withTokens(null, "refresh-2")).block();

		assertThat(result.isAuthenticated()).isFalse();
		StepVerifier.create(this.store.load(id)).verifyComplete();
	}

	@Test
	void saveWhenEveryAttemptConflictsThenSessionStoreException() {
		String id = SessionIdCookieCodec.newSessionId();
		this.store.save(signedIn(id), SessionStore.ABSENT).block();
		SessionStore contended = new SessionStore() {
			@Override
			public reactor.core.publisher.Mono<LogtoSession> load(String sessionId) {
				return StoreSessionBindingTests.this.store.load(sessionId);
			}

			@Override
			public reactor.core.publisher.Mono<Boolean> save(LogtoSession session, long expectedVersion) {
				return reactor.core.publisher.Mono.just(false);
			}

			@Override
			public reactor.core.publisher.Mono<Void> delete(String sessionId) {
				return reactor.core.publisher.Mono.empty();
			}
		};
		StoreSessionBinding binding = StoreSessionBinding.of(contended, id, 3);

		StepVerifier.create(binding.load().flatMap((s) -> binding.save(s.withTokens(null, "r"))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(io.github.logtoreactive.SessionStoreException.class)
				.hasMessage("Gave up saving the session after 3 conflicting concurrent writes"))
			.verify(Duration.ofSeconds(5));
	}

	/** Counts the writes that reach the store. */
	static final class CountingStore implements SessionStore {

		final SessionStore delegate = InMemorySessionStore.builder().clock(new TestClock(NOW)).build();

		final java.util.concurrent.atomic.AtomicInteger saves = new java.util.concurrent.atomic.AtomicInteger();

		@Override
		public reactor.core.publisher.Mono<LogtoSession> load(String sessionId) {
			return this.delegate.load(sessionId);
		}

		@Override
		public reactor.core.publisher.Mono<Boolean> save(LogtoSession session, long expectedVersion) {
			this.saves.incrementAndGet();
			return this.delegate.save(session, expectedVersion);
		}

		@Override
		public reactor.core.publisher.Mono<Void> delete(String sessionId) {
			return this.delegate.delete(sessionId);
		}
	}

	@Test
	void saveWhenNothingChangedThenNothingIsWritten() {
		CountingStore store = new CountingStore();
		store.delegate.save(signedIn("s"), SessionStore.ABSENT).block();
		StoreSessionBinding binding = StoreSessionBinding.of(store, "s");
		LogtoSession read = binding.load().block();

		assertThat(binding.save(LogtoSession.restore("s", read.version(), read.createdAt(), read.idToken(),
				read.refreshToken(), read.accessTokens(), read.transactions())).block()).isEqualTo(read);
		assertThat(store.saves).hasValue(0);
	}

	@Test
	void saveWhenTwiceThroughOneBindingThenTheSecondBuildsOnTheFirstWithoutAConflict() {
		CountingStore store = new CountingStore();
		store.delegate.save(signedIn("s"), SessionStore.ABSENT).block();
		StoreSessionBinding binding = StoreSessionBinding.of(store, "s");

		LogtoSession first = binding.save(binding.load().block().withAccessToken(ORDERS, token("o", 60))).block();
		LogtoSession second = binding.save(first.withAccessToken(INVOICES, token("i", 60))).block();

		assertThat(store.saves).as("one compare-and-set each").hasValue(2);
		assertThat(store.load("s").block()).isEqualTo(second);
		assertThat(second.version()).isGreaterThan(first.version());
	}

	@Test
	void saveWhenTheSessionsVersionIsNotAboveTheStoredOneThenWrittenWithTheNextVersion() {
		store.save(signedIn("s").withVersion(5), SessionStore.ABSENT).block();
		StoreSessionBinding binding = StoreSessionBinding.of(store, "s");
		binding.load().block();

		LogtoSession written = binding.save(LogtoSession.create("s", NOW).withTokens("id-2", "refresh-2")).block();

		assertThat(written.version()).isEqualTo(6);
		assertThat(store.load("s").block().refreshToken()).isEqualTo("refresh-2");
	}

	@Test
	void deleteThenThisBindingReadsNoSession() {
		store.save(signedIn("s"), SessionStore.ABSENT).block();
		StoreSessionBinding binding = StoreSessionBinding.of(store, "s");
		LogtoSession read = binding.load().block();

		binding.delete().block();

		assertThat(binding.load().blockOptional()).isEmpty();
		assertThat(store.load("s").blockOptional()).isEmpty();
		assertThat(read.isAuthenticated()).isTrue();
	}

	@Test
	void saveWhenTheIdRotatedThenLaterSavesUseTheNewIdWithoutAConflict() {
		CountingStore store = new CountingStore();
		store.delegate.save(signedIn("old"), SessionStore.ABSENT).block();
		StoreSessionBinding binding = StoreSessionBinding.of(store, "old");
		LogtoSession read = binding.load().block();

		LogtoSession rotated = binding.save(read.withId("new", NOW)).block();
		binding.save(rotated.withAccessToken(ORDERS, token("o", 60))).block();

		assertThat(binding.sessionId()).isEqualTo("new");
		assertThat(binding.load().block().accessToken(ORDERS)).isNotNull();
		assertThat(store.load("old").blockOptional()).isEmpty();
		assertThat(store.saves).hasValue(2);
	}
}
