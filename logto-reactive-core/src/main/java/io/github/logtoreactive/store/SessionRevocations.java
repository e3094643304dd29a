package io.github.logtoreactive.store;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The record of sessions that ended, so that a copy of an ended session (a cookie captured before sign-out, a session
 * id replayed) is never signed in again, and of the back-channel logout tokens already used. Sessions end by sign-out
 * (by the library's session id), or by a back-channel logout from Logto (by Logto's session id {@code sid}, or every
 * session of a subject {@code sub} that started before the logout).
 *
 * <p>
 * Each entry is kept until the longest an ended session could still be presented (its absolute timeout), and no
 * longer. {@link InMemorySessionRevocations} holds the record in this JVM (bounded; at its bound it refuses more
 * rather than forgetting); {@link RedisSessionRevocations} shares it between every instance using one Redis.
 *
 * <p>
 * Implementations never block and signal failures as {@link io.github.logtoreactive.SessionStoreException} within a
 * bounded time; the library then answers 503 rather than sign in a session it could not check.
 */
public interface SessionRevocations {

	/**
	 * Records that a session ended (sign-out).
	 * @param sessionId the library's session id ({@code LogtoSession.id()})
	 * @param keepUntil when the session's absolute timeout ends it anyway
	 * @return completion
	 */
	Mono<Void> endSession(String sessionId, Instant keepUntil);

	/**
	 * Records that Logto ended one of its sessions (a back-channel logout naming {@code sid}).
	 * @param sid Logto's session id, the ID token's {@code sid} claim
	 * @param keepUntil until when a session of that {@code sid} could still be presented
	 * @return completion
	 */
	Mono<Void> endLogtoSession(String sid, Instant keepUntil);

	/**
	 * Records that every session of a subject that started at or before {@code endedAt} ended (a back-channel logout
	 * naming {@code sub} only).
	 * @param sub the subject, the ID token's {@code sub} claim
	 * @param endedAt when the logout happened
	 * @param keepUntil until when a session that started before it could still be presented
	 * @return completion
	 */
	Mono<Void> endSubject(String sub, Instant endedAt, Instant keepUntil);

	/**
	 * @param sessionId the library's session id
	 * @param sid the ID token's {@code sid}, or {@code null}
	 * @param sub the ID token's {@code sub}, or {@code null}
	 * @param createdAt when the session started (a subject's logout ends the sessions that started before it)
	 * @return whether the session ended
	 */
	Mono<Boolean> isEnded(String sessionId, @Nullable String sid, @Nullable String sub, Instant createdAt);

	/**
	 * Records the first use of a back-channel logout token.
	 * @param jti the token's {@code jti}
	 * @param issuedAt the token's {@code iat}
	 * @param keepUntil until when the token could still be accepted
	 * @return {@code true} the first time, {@code false} when it was used before (a replay)
	 */
	Mono<Boolean> useLogoutToken(String jti, Instant issuedAt, Instant keepUntil);

	/**
	 * @return whether the record is shared with other instances (else sessions ended here stay signed in on others)
	 */
	boolean isClusterScoped();
}
