package io.github.logtoreactive.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.store.InMemorySessionRevocations;
import io.github.logtoreactive.store.SessionRevocations;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's stored session and its check against the record of ended sessions go out together once this instance
 * knows what to ask about that session, and the answer is always about the session that was loaded.
 */
class StoredSessionCheckTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final TestClock clock = TestClock.startingNow();

	/** What was sent, in order: "load" and "check". */
	private final List<String> sent = new ArrayList<>();

	/** The replies not given yet, released by the test. */
	private final List<Runnable> pending = new ArrayList<>();

	private final AtomicReference<LogtoSession> stored = new AtomicReference<>();

	private final InMemorySessionRevocations record = InMemorySessionRevocations.create(this.clock);

	private final StoredSessionCheck check = new StoredSessionCheck(new HeldRecord());

	private LogtoSession session(String sid) {
		Map<String, @Nullable Object> claims = new LinkedHashMap<>();
		claims.put("sub", "user-1");
		claims.put("sid", sid);
		claims.put("iss", "https://tenant.logto.app/oidc");
		claims.put("aud", FakeLogto.APP_ID);
		claims.put("iat", this.clock.instant().getEpochSecond());
		claims.put("exp", this.clock.instant().getEpochSecond() + 3600);
		return LogtoSession.restore("session-1", 1, this.clock.instant(), FakeLogto.sign(claims, FakeLogto.EC_KEY),
				"rt", Map.of(), Map.of());
	}

	/** Sends one request's read, answering every command only once nothing more is sent. */
	private StoredSessionCheck.@Nullable Checked request() {
		AtomicReference<StoredSessionCheck.Checked> result = new AtomicReference<>();
		this.check.load(StoreSessionBinding.of(new HeldStore(), "session-1"), "session-1").subscribe(result::set);
		while (!this.pending.isEmpty()) {
			List<Runnable> replies = new ArrayList<>(this.pending);
			this.pending.clear();
			this.sent.add("(replies)");
			replies.forEach(Runnable::run);
		}
		return result.get();
	}

	@Test
	void theFirstRequestOfASessionChecksAfterTheLoadAndTheNextOnesSendBothTogether() {
		this.stored.set(session("sid-1"));

		assertThat(request().ended()).isFalse();
		assertThat(this.sent).containsExactly("load", "(replies)", "check", "(replies)");
		this.sent.clear();

		assertThat(request().ended()).isFalse();
		assertThat(this.sent).as("one round trip").containsExactly("load", "check", "(replies)");
	}

	@Test
	void aSessionEndedSinceTheLastRequestIsAnsweredEndedFromTheRoundTripSentTogether() {
		this.stored.set(session("sid-1"));
		request();
		this.record.endLogtoSession("sid-1", this.clock.instant().plus(Duration.ofDays(1))).block(WAIT);
		this.sent.clear();

		assertThat(request().ended()).isTrue();
		assertThat(this.sent).containsExactly("load", "check", "(replies)");
	}

	@Test
	void aLoadedSessionAskingAnotherQuestionIsCheckedAgainAboutItself() {
		this.stored.set(session("sid-1"));
		request();
		this.stored.set(session("sid-2"));
		this.record.endLogtoSession("sid-2", this.clock.instant().plus(Duration.ofDays(1))).block(WAIT);
		this.sent.clear();

		assertThat(request().ended()).as("sid-2 ended, although the question sent with the load was about sid-1")
			.isTrue();
		assertThat(this.sent).containsExactly("load", "check", "(replies)", "check", "(replies)");
	}

	@Test
	void aSessionThatIsNotStoredIsEmptyAndASignedOutOneIsNeverAsked() {
		assertThat(request()).isNull();
		this.stored.set(LogtoSession.create("session-1", this.clock.instant()));

		assertThat(request().ended()).isFalse();
		assertThat(this.sent).containsExactly("load", "(replies)", "load", "(replies)");
	}

	/** A store whose load answers when the test releases the replies. */
	private final class HeldStore implements SessionStore {

		@Override
		public Mono<LogtoSession> load(String sessionId) {
			return Mono.defer(() -> {
				StoredSessionCheckTests.this.sent.add("load");
				Sinks.One<LogtoSession> reply = Sinks.one();
				LogtoSession session = StoredSessionCheckTests.this.stored.get();
				StoredSessionCheckTests.this.pending.add(() -> {
					if (session == null) {
						reply.tryEmitEmpty();
					}
					else {
						reply.tryEmitValue(session);
					}
				});
				return reply.asMono();
			});
		}

		@Override
		public Mono<Boolean> save(LogtoSession session, long expectedVersion) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Mono<Void> delete(String sessionId) {
			throw new UnsupportedOperationException();
		}
	}

	/** The in-memory record, answering when the test releases the replies. */
	private final class HeldRecord implements SessionRevocations {

		@Override
		public Mono<Boolean> isEnded(String sessionId, @Nullable String sid, @Nullable String sub,
				Instant createdAt) {
			return Mono.defer(() -> {
				StoredSessionCheckTests.this.sent.add("check");
				Sinks.One<Boolean> reply = Sinks.one();
				Boolean ended = StoredSessionCheckTests.this.record.isEnded(sessionId, sid, sub, createdAt).block(WAIT);
				StoredSessionCheckTests.this.pending.add(() -> reply.tryEmitValue(ended));
				return reply.asMono();
			});
		}

		@Override
		public Mono<Void> endSession(String sessionId, Instant keepUntil) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Mono<Void> endLogtoSession(String sid, Instant keepUntil) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Mono<Void> endSubject(String sub, Instant endedAt, Instant keepUntil) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Mono<Boolean> useLogoutToken(String jti, Instant issuedAt, Instant keepUntil) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean isClusterScoped() {
			return false;
		}
	}
}
