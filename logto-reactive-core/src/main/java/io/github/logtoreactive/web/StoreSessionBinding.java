package io.github.logtoreactive.web;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.store.SessionStore;

/**
 * The {@link SessionBinding} of one request over a {@link SessionStore}, behind a {@link RequestSession} of a
 * {@link SessionStorage#inStore store}: the session id comes from the request's cookie ({@link SessionIdCookieCodec}),
 * the session from the store. One per request; it is not meant to be shared between requests (it caches the
 * snapshot it read).
 *
 * <ul>
 * <li>{@link #load()} reads the store once and caches the snapshot.</li>
 * <li>{@link #save(LogtoSession)} writes with compare-and-set against the version last read. When another request
 * wrote meanwhile, it reloads and merges (the stored ID and refresh tokens win unless only this request changed
 * them, each access token keeps its latest-expiring value, transactions are united) and retries, up to
 * {@code maxAttempts} times. A slower request therefore never puts back a refresh token that was rotated meanwhile.
 * If the session was deleted meanwhile (signed out elsewhere, expired), nothing is written and the session is
 * returned without its tokens.</li>
 * <li>Session-id rotation (sign-in): when the saved session's {@link LogtoSession#id()} differs from the bound id,
 * the session is written under the new id, the old one is deleted, and {@link #sessionId()} returns the new id.</li>
 * <li>{@link #delete()} deletes the session (sign-out).</li>
 * </ul>
 *
 * Never blocks; errors are the store's ({@link SessionStoreException}), plus a {@link SessionStoreException} when
 * {@code maxAttempts} conflicting writes in a row were lost.
 */
final class StoreSessionBinding implements SessionBinding {

	/** Default number of compare-and-set attempts per save. */
	static final int DEFAULT_MAX_ATTEMPTS = 5;

	private final SessionStore store;

	private final int maxAttempts;

	private final AtomicReference<@Nullable String> sessionId;

	/** The session as last read from or written to the store; null before any read, or when none is stored. */
	private final AtomicReference<@Nullable LogtoSession> snapshot = new AtomicReference<>();

	private volatile boolean loaded;

	private StoreSessionBinding(SessionStore store, @Nullable String sessionId, int maxAttempts) {
		this.store = store;
		this.sessionId = new AtomicReference<>(sessionId);
		this.maxAttempts = maxAttempts;
	}

	/**
	 * @param store the store
	 * @param sessionId the id from the request's cookie, or {@code null} when it carried none
	 * @return the binding
	 */
	static StoreSessionBinding of(SessionStore store, @Nullable String sessionId) {
		return of(store, sessionId, DEFAULT_MAX_ATTEMPTS);
	}

	/**
	 * @param store the store
	 * @param sessionId the id from the request's cookie, or {@code null} when it carried none
	 * @param maxAttempts how many compare-and-set attempts a save makes before giving up (at least 1)
	 * @return the binding
	 */
	static StoreSessionBinding of(SessionStore store, @Nullable String sessionId, int maxAttempts) {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1");
		}
		return new StoreSessionBinding(Objects.requireNonNull(store, "store"), sessionId, maxAttempts);
	}

	/**
	 * @return the id the session is stored under now (changed by a save that rotated it), or {@code null} when there
	 * is none
	 */
	@Nullable String sessionId() {
		return this.sessionId.get();
	}

	/**
	 * @return whether the store held the bound session when last read or written
	 */
	boolean holdsSession() {
		return this.snapshot.get() != null;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Reads the store on the first call only. Errors with the store's {@link SessionStoreException}.
	 */
	@Override
	public Mono<LogtoSession> load() {
		return Mono.defer(() -> {
			if (this.loaded) {
				return Mono.justOrEmpty(this.snapshot.get());
			}
			String id = this.sessionId.get();
			if (id == null) {
				this.loaded = true;
				return Mono.empty();
			}
			return this.store.load(id).doOnNext(this.snapshot::set).doOnTerminate(() -> this.loaded = true);
		});
	}

	@Override
	public Mono<LogtoSession> save(LogtoSession session) {
		return load().then(Mono.defer(() -> {
			String bound = this.sessionId.get();
			if (bound != null && !bound.equals(session.id())) {
				return rotate(bound, session);
			}
			return write(this.snapshot.get(), session, 1);
		}));
	}

	private Mono<LogtoSession> rotate(String oldId, LogtoSession session) {
		return this.store.save(session, SessionStore.ABSENT).flatMap((written) -> {
			if (!written) {
				return Mono.error(new SessionStoreException("A session is already stored under the new id", null));
			}
			this.sessionId.set(session.id());
			this.snapshot.set(session);
			return this.store.delete(oldId).thenReturn(session);
		});
	}

	private Mono<LogtoSession> write(@Nullable LogtoSession base, LogtoSession session, int attempt) {
		if (base != null && sameContent(session, base)) {
			// Nothing new to store (e.g. a request that only adopted tokens another request already stored).
			this.snapshot.set(base);
			return Mono.just(base);
		}
		long expected = (base != null) ? base.version() : SessionStore.ABSENT;
		LogtoSession toWrite = (session.version() > expected) ? session : session.withVersion(expected + 1);
		return this.store.save(toWrite, expected).flatMap((written) -> {
			if (written) {
				this.sessionId.set(toWrite.id());
				this.snapshot.set(toWrite);
				return Mono.just(toWrite);
			}
			if (attempt >= this.maxAttempts) {
				return Mono.error(new SessionStoreException(
						"Gave up saving the session after " + attempt + " conflicting concurrent writes", null));
			}
			return this.store.load(toWrite.id())
				.map((stored) -> Mono.defer(() -> {
					LogtoSession merged = SessionMerge.merge(base, session, stored);
					if (sameContent(merged, stored)) {
						this.snapshot.set(stored);
						return Mono.just(stored);
					}
					return write(stored, merged, attempt + 1);
				}))
				.defaultIfEmpty(Mono.defer(() -> deletedMeanwhile(base, session, attempt)))
				.flatMap((next) -> next);
		});
	}

	private Mono<LogtoSession> deletedMeanwhile(@Nullable LogtoSession base, LogtoSession session, int attempt) {
		if (base == null) {
			return write(null, session, attempt + 1);
		}
		this.snapshot.set(null);
		return Mono.just(session.withoutTokens());
	}

	private static boolean sameContent(LogtoSession a, LogtoSession b) {
		return a.id().equals(b.id()) && java.util.Objects.equals(a.idToken(), b.idToken())
				&& java.util.Objects.equals(a.refreshToken(), b.refreshToken())
				&& a.accessTokens().equals(b.accessTokens()) && a.transactions().equals(b.transactions());
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Deletes the bound session; completes at once when there is none. Errors with the store's
	 * {@link SessionStoreException}.
	 */
	@Override
	public Mono<Void> delete() {
		return Mono.defer(() -> {
			String id = this.sessionId.get();
			if (id == null) {
				return Mono.empty();
			}
			return this.store.delete(id).doOnSuccess((v) -> {
				this.snapshot.set(null);
				this.loaded = true;
			});
		});
	}
}
