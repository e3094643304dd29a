package io.github.logtoreactive;

import reactor.core.publisher.Mono;

/**
 * Where one user agent's {@link LogtoSession} lives for the duration of a {@link LogtoClient}: a cookie carried by the
 * current HTTP exchange, an entry of a {@link io.github.logtoreactive.store.SessionStore}, or a plain holder in tests.
 *
 * <p>
 * The client reads the session with {@link #load()} and hands every change to {@link #save(LogtoSession)}. A binding
 * decides when changes reach durable storage. In an HTTP server, {@link io.github.logtoreactive.web.RequestSessions}
 * binds each request's client for you (cookies written once, before the response is committed; a store written
 * through with compare-and-set); implement this SPI for any other place a user agent's session lives.
 * Implementations never block.
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
