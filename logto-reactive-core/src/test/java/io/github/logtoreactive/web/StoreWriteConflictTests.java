package io.github.logtoreactive.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static io.github.logtoreactive.web.StoreSessionBindingTests.INVOICES;
import static io.github.logtoreactive.web.StoreSessionBindingTests.ORDERS;
import static io.github.logtoreactive.web.StoreSessionBindingTests.signedIn;
import static io.github.logtoreactive.web.StoreSessionBindingTests.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@link StoreSessionBinding} knows after a compare-and-set conflict: the stored session it lost to (so its
 * next save needs no second attempt), that the session was deleted meanwhile (so the request does not write it back),
 * and when to give up on a store that keeps refusing.
 */
@Timeout(30)
class StoreWriteConflictTests {

	@Test
	void saveWhenAnotherRequestAlreadyStoredTheSameChangeThenTheNextSaveIsOneWrite() {
		StoreSessionBindingTests.CountingStore store = new StoreSessionBindingTests.CountingStore();
		store.delegate.save(signedIn("s"), SessionStore.ABSENT).block();
		StoreSessionBinding other = StoreSessionBinding.of(store, "s");
		StoreSessionBinding binding = StoreSessionBinding.of(store, "s");
		LogtoSession read = binding.load().block();
		other.save(other.load().block().withAccessToken(ORDERS, token("orders", 3600))).block();
		binding.save(read.withAccessToken(ORDERS, token("orders", 3600))).block();
		int before = store.saves.get();

		LogtoSession next = binding.save(binding.load().block().withAccessToken(INVOICES, token("invoices", 60)))
			.block();

		assertThat(store.saves.get() - before).as("one compare-and-set, no conflict").isEqualTo(1);
		assertThat(store.load("s").block()).isEqualTo(next);
	}

	@Test
	void saveWhenTheSessionsVersionEqualsTheStoredOneThenWrittenWithTheNextVersion() {
		StoreSessionBindingTests.CountingStore store = new StoreSessionBindingTests.CountingStore();
		store.delegate.save(signedIn("s").withVersion(5), SessionStore.ABSENT).block();
		StoreSessionBinding binding = StoreSessionBinding.of(store, "s");
		LogtoSession read = binding.load().block();
		LogtoSession sameVersion = LogtoSession.restore("s", read.version(), read.createdAt(), "id-2", "refresh-2",
				read.accessTokens(), read.transactions());

		LogtoSession written = binding.save(sameVersion).block();

		assertThat(written.version()).isEqualTo(read.version() + 1);
		assertThat(store.load("s").block()).isEqualTo(written);
	}

	@Test
	void saveWhenSignedOutElsewhereMeanwhileThenTheBindingNoLongerHoldsASession() {
		String id = SessionIdCookieCodec.newSessionId();
		StoreSessionBindingTests.CountingStore store = new StoreSessionBindingTests.CountingStore();
		store.delegate.save(signedIn(id), SessionStore.ABSENT).block();
		StoreSessionBinding binding = StoreSessionBinding.of(store, id);
		LogtoSession read = binding.load().block();
		assertThat(binding.holdsSession()).isTrue();
		StoreSessionBinding.of(store, id).delete().block();

		binding.save(read.withTokens(null, "refresh-2")).block();

		assertThat(binding.holdsSession()).as("the response must not write the session back").isFalse();
		StepVerifier.create(store.load(id)).verifyComplete();
	}

	@Test
	void saveWhenTheStoreKeepsRefusingANewSessionThenGivesUpAfterTheLastAttempt() {
		AtomicInteger attempts = new AtomicInteger();
		SessionStore refusing = new SessionStore() {
			@Override
			public Mono<LogtoSession> load(String sessionId) {
				return Mono.empty();
			}

			@Override
			public Mono<Boolean> save(LogtoSession session, long expectedVersion) {
				attempts.incrementAndGet();
				return Mono.just(false);
			}

			@Override
			public Mono<Void> delete(String sessionId) {
				return Mono.empty();
			}
		};
		StoreSessionBinding binding = StoreSessionBinding.of(refusing, null, 3);

		StepVerifier.create(binding.save(signedIn(SessionIdCookieCodec.newSessionId())))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(SessionStoreException.class)
				.hasMessage("Gave up saving the session after 3 conflicting concurrent writes"))
			.verify(Duration.ofSeconds(5));
		assertThat(attempts).hasValue(3);
	}
}
