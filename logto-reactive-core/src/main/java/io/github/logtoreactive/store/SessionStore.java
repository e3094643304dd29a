package io.github.logtoreactive.store;

import java.time.Duration;
import java.time.Instant;

import io.github.logtoreactive.LogtoSession;
import reactor.core.publisher.Mono;

/**
 * A server-side store of {@link LogtoSession}s keyed by {@link LogtoSession#id()}: the one SPI behind the in-memory
 * and Redis stores, and the one to implement for Spring Session, R2DBC and the like.
 *
 * <p>
 * Implementations must never block (return lazy publishers that do their I/O on subscription), must signal failures
 * as {@link io.github.logtoreactive.SessionStoreException} within a bounded time, and must never half-write a session:
 * a stored session is either the old or the new one.
 *
 * <p>
 * Writes are compare-and-set on {@link LogtoSession#version()}, so a slower request can never overwrite a newer
 * refresh token with an older one (a lost update).
 */
public interface SessionStore {

	/** The expected version meaning "no session is stored under this id yet". */
	long ABSENT = -1;

	/**
	 * @param sessionId the session id
	 * @return the stored session; completes empty when none is stored or it expired
	 */
	Mono<LogtoSession> load(String sessionId);

	/**
	 * Stores {@code session} if and only if the stored version is {@code expectedVersion} ({@link #ABSENT} when
	 * nothing may be stored yet).
	 * @param session the session to store; its version must be greater than {@code expectedVersion}
	 * @param expectedVersion the version the caller last read
	 * @return {@code true} when written, {@code false} when the stored version differs (reload and merge)
	 */
	Mono<Boolean> save(LogtoSession session, long expectedVersion);

	/**
	 * Deletes a session. Deleting an absent session succeeds.
	 * @param sessionId the session id
	 * @return completion
	 */
	Mono<Void> delete(String sessionId);

	/**
	 * Ends, at once, every stored session of one Logto session (a back-channel logout naming {@code sid}): they are
	 * deleted with their tokens. A store that cannot find sessions by {@code sid} ends none here (the default); the
	 * record of ended sessions then refuses each at its next request.
	 * @param sid Logto's session id, the ID token's {@code sid} claim
	 * @return how many sessions ended
	 */
	default Mono<Long> endLogtoSession(String sid) {
		return Mono.just(0L);
	}

	/**
	 * Ends, at once, every stored session of a subject created at or before {@code endedAt} (a back-channel logout
	 * naming {@code sub} only): they are deleted with their tokens. A store that cannot find sessions by subject ends
	 * none here (the default); the record of ended sessions then refuses each at its next request.
	 * @param sub the subject, the ID token's {@code sub} claim
	 * @param endedAt when the logout happened
	 * @return how many sessions ended
	 */
	default Mono<Long> endSubject(String sub, Instant endedAt) {
		return Mono.just(0L);
	}

	/**
	 * Tries to take the refresh lease of a session, so that only one instance of a cluster refreshes its tokens at a
	 * time. A store without cluster scope grants every lease (in-JVM coordination already serializes refreshes).
	 * @param sessionId the session id
	 * @param owner a unique id of the caller
	 * @param ttl how long the lease lives if never released
	 * @return whether the lease was taken
	 */
	default Mono<Boolean> tryAcquireRefreshLease(String sessionId, String owner, Duration ttl) {
		return Mono.just(Boolean.TRUE);
	}

	/**
	 * Releases a refresh lease held by {@code owner}; a lease held by someone else is left alone.
	 * @param sessionId the session id
	 * @param owner the caller's id given to {@link #tryAcquireRefreshLease}
	 * @return completion
	 */
	default Mono<Void> releaseRefreshLease(String sessionId, String owner) {
		return Mono.empty();
	}

	/**
	 * @return whether refresh leases are shared with other processes (then waiting for a lease is worthwhile)
	 */
	default boolean isClusterScoped() {
		return false;
	}
}
