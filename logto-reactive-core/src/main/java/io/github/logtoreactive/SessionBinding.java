package io.github.logtoreactive;

import reactor.core.publisher.Mono;

/**
 * Where one user agent's {@link LogtoSession} lives for the duration of a {@link LogtoClient}: a cookie carried by the
 * current HTTP exchange, an entry of a {@link io.github.logtoreactive.store.SessionStore}, or a plain holder in tests.
 *
 * <p>
 * The client reads the session with {@link #load()} and hands every change to {@link #save(LogtoSession)}. A binding
 * decides when changes reach durable storage (the WebFlux adapter writes a cookie once, before the response is
 * committed; a store binding writes through with compare-and-set). Implementations never block.
 */
public interface SessionBinding {

	/**
	 * @return the current session; completes empty when this user agent has none yet
	 */
	Mono<LogtoSession> load();

	/**
	 * Records a changed session.
	 * @param session the new session state
	 * @return the session as it now stands, which may be a newer one merged in by the binding (e.g. a concurrent
	 * request's rotated refresh token); callers continue with the returned value
	 */
	Mono<LogtoSession> save(LogtoSession session);

	/**
	 * Removes the session (sign-out).
	 * @return completion
	 */
	Mono<Void> delete();
}
