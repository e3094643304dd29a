/**
 * Session storage.
 *
 * <h2>Cookie sessions (the default)</h2>
 * The whole session lives in the browser, encrypted: {@link io.github.logtoreactive.store.SessionCookieCodec} (tokens,
 * chunked under the 4096-byte {@code Set-Cookie} limit), {@link io.github.logtoreactive.store.TransactionCookieCodec}
 * (one short-lived cookie per pending sign-in), both keyed by {@link io.github.logtoreactive.store.CookieSecrets}
 * (HKDF-derived keys, rotation) and shaped by {@link io.github.logtoreactive.store.SessionCookieSettings}. A bad
 * cookie is never an error: it reads as "no session" with a {@link io.github.logtoreactive.store.DecodeFailure}.
 *
 * <h2>External stores</h2>
 * The cookie carries only a signed, random session id ({@link io.github.logtoreactive.store.SessionIdCookieCodec});
 * the session lives in a {@link io.github.logtoreactive.store.SessionStore}:
 * {@link io.github.logtoreactive.store.InMemorySessionStore} (one instance, tests) or
 * {@link io.github.logtoreactive.store.RedisSessionStore} (shared, with cluster-wide refresh leases), or your own
 * implementation of the SPI. Each request writes its stored session with compare-and-set, merging concurrent writes
 * so no newer refresh token is ever lost ({@link io.github.logtoreactive.web.RequestSessions} reads and writes the
 * session of each request as {@link io.github.logtoreactive.web.SessionStorage} says).
 *
 * <p>
 * Nothing in this package blocks: codecs are pure CPU work, stores return lazy publishers bounded by timeouts.
 */
@NullMarked
package io.github.logtoreactive.store;

import org.jspecify.annotations.NullMarked;
