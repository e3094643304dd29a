package io.github.logtoreactive.web;

import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.internal.jwt.IdTokenVerifier;
import io.github.logtoreactive.store.SessionRevocations;

/**
 * Reads a request's stored session and asks the record of ended sessions about it in one round trip: the question
 * depends on the session (its id, the ID token's {@code sid} and {@code sub}, its creation time), so this instance
 * remembers, per session id, what it last asked; a request sends the load and that question together, and the answer
 * stands when the loaded session asks the same question. Otherwise (the first request of a session on this instance,
 * or a session whose ID token now names another {@code sid}) the question is asked again, after the load, as
 * without this memory: the answer is always about the session that was loaded.
 *
 * <p>
 * The memory is bounded ({@value #REMEMBERED} sessions, at most about 300 bytes each: the cache's node, the id,
 * the question, its {@code sid} and {@code sub}; about 1.2 MB in all); a forgotten session costs one extra round trip
 * on its next request. Never blocks.
 */
final class StoredSessionCheck {

	/** How many sessions' questions are remembered. */
	static final int REMEMBERED = 4_096;

	private final SessionRevocations revocations;

	private final Cache<String, Question> asked;

	StoredSessionCheck(SessionRevocations revocations) {
		this.revocations = revocations;
		this.asked = Caffeine.newBuilder().maximumSize(REMEMBERED).executor(Runnable::run).build();
	}

	/**
	 * @param session a session read from a cookie or a store
	 * @return whether it is a signed-in session that ended; errors with the record's {@code SessionStoreException}
	 */
	Mono<Boolean> isEnded(LogtoSession session) {
		Question question = Question.of(session);
		return question == null ? Mono.just(Boolean.FALSE) : question.ask(this.revocations, session.id());
	}

	/**
	 * @param binding the request's binding to the store
	 * @param sessionId the id its cookie named, or {@code null}
	 * @return the stored session and whether it ended; empty when none is stored; errors with the store's or the
	 * record's {@code SessionStoreException}
	 */
	Mono<Checked> load(StoreSessionBinding binding, @Nullable String sessionId) {
		Question known = sessionId == null ? null : this.asked.getIfPresent(sessionId);
		if (sessionId == null || known == null) {
			return binding.load().flatMap(stored -> check(stored, null, false));
		}
		return Mono
			.zip(binding.load().map(Optional::of).defaultIfEmpty(Optional.empty()),
					known.ask(this.revocations, sessionId))
			.flatMap(both -> Mono.justOrEmpty(both.getT1())
				.flatMap(stored -> check(stored, known, both.getT2())));
	}

	private Mono<Checked> check(LogtoSession stored, @Nullable Question asked, boolean answer) {
		Question question = Question.of(stored);
		if (question == null) {
			this.asked.invalidate(stored.id());
			return Mono.just(new Checked(stored, false));
		}
		if (question.equals(asked)) {
			return Mono.just(new Checked(stored, answer));
		}
		return question.ask(this.revocations, stored.id()).map(ended -> {
			if (ended) {
				this.asked.invalidate(stored.id());
			}
			else {
				this.asked.put(stored.id(), question);
			}
			return new Checked(stored, ended);
		});
	}

	/**
	 * A stored session and whether it ended.
	 *
	 * @param session the session
	 * @param ended whether the record of ended sessions refuses it
	 */
	record Checked(LogtoSession session, boolean ended) {
	}

	/**
	 * What the record of ended sessions is asked about a signed-in session, besides its id.
	 *
	 * @param sid the ID token's {@code sid}, or {@code null}
	 * @param sub the ID token's {@code sub}, or {@code null}
	 * @param createdAt when the session started
	 */
	private record Question(@Nullable String sid, @Nullable String sub, Instant createdAt) {

		static @Nullable Question of(LogtoSession session) {
			String idToken = session.idToken();
			if (idToken == null) {
				return null;
			}
			try {
				IdTokenClaims claims = IdTokenVerifier.decode(idToken);
				return new Question(claims.sid(), claims.sub(), session.createdAt());
			}
			catch (RuntimeException ex) {
				// an ID token that no longer parses: the session is checked by its own id only
				return new Question(null, null, session.createdAt());
			}
		}

		Mono<Boolean> ask(SessionRevocations revocations, String sessionId) {
			return revocations.isEnded(sessionId, this.sid, this.sub, this.createdAt);
		}
	}
}
