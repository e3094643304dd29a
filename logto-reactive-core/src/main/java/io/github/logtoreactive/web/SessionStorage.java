package io.github.logtoreactive.web;

import java.time.Duration;
import java.util.Objects;

import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.TransactionCookieCodec;
import org.jspecify.annotations.Nullable;

/**
 * Where sessions are kept between requests: either the whole session in encrypted, chunked cookies
 * ({@link #inCookies}), or a {@link SessionStore} with only the (signed) session id in a cookie ({@link #inStore}).
 * Cookie sessions served by several instances share refreshes and new tokens through a {@link SessionCoordination}
 * (else those guarantees hold per instance). Sign-in transactions always travel in their own short-lived cookies.
 * {@link RequestSessions} reads and writes sessions as this says. Immutable.
 */
public final class SessionStorage {

	private final @Nullable SessionCookieCodec sessionCodec;

	private final @Nullable SessionStore store;

	private final @Nullable SessionIdCookieCodec idCodec;

	private final TransactionCookieCodec transactionCodec;

	private final @Nullable SessionCoordination coordination;

	private SessionStorage(@Nullable SessionCookieCodec sessionCodec, @Nullable SessionStore store,
			@Nullable SessionIdCookieCodec idCodec, TransactionCookieCodec transactionCodec,
			@Nullable SessionCoordination coordination) {
		this.sessionCodec = sessionCodec;
		this.store = store;
		this.idCodec = idCodec;
		this.transactionCodec = Objects.requireNonNull(transactionCodec, "transactionCodec");
		this.coordination = coordination;
	}

	/**
	 * Sessions in encrypted cookies (the default): nothing server-side.
	 * @param sessionCodec the session cookie codec
	 * @param transactionCodec the sign-in transaction cookie codec
	 * @return the setting
	 */
	public static SessionStorage inCookies(SessionCookieCodec sessionCodec, TransactionCookieCodec transactionCodec) {
		return new SessionStorage(Objects.requireNonNull(sessionCodec, "sessionCodec"), null, null, transactionCodec,
				null);
	}

	/**
	 * Sessions in encrypted cookies, served by several instances that coordinate: one refresh per session across
	 * instances, and tokens changed on one instance (also after its response was committed) adopted on the others.
	 * @param sessionCodec the session cookie codec
	 * @param transactionCodec the sign-in transaction cookie codec
	 * @param coordination what the instances share
	 * @return the setting
	 */
	public static SessionStorage inCookies(SessionCookieCodec sessionCodec, TransactionCookieCodec transactionCodec,
			SessionCoordination coordination) {
		return new SessionStorage(Objects.requireNonNull(sessionCodec, "sessionCodec"), null, null, transactionCodec,
				Objects.requireNonNull(coordination, "coordination"));
	}

	/**
	 * Sessions in a store; the cookie carries only the session id.
	 * @param store the store
	 * @param idCodec the session-id cookie codec
	 * @param transactionCodec the sign-in transaction cookie codec
	 * @return the setting
	 */
	public static SessionStorage inStore(SessionStore store, SessionIdCookieCodec idCodec,
			TransactionCookieCodec transactionCodec) {
		return new SessionStorage(null, Objects.requireNonNull(store, "store"),
				Objects.requireNonNull(idCodec, "idCodec"), transactionCodec, null);
	}

	/**
	 * @return whether sessions live in a store rather than in cookies
	 */
	public boolean usesStore() {
		return this.store != null;
	}

	/**
	 * @return whether the guarantees across instances hold (one refresh per session, newest tokens everywhere): with
	 * a cluster-scoped store, or cookie sessions with a {@link SessionCoordination}
	 */
	public boolean isClusterWide() {
		return this.coordination != null || (this.store != null && this.store.isClusterScoped());
	}

	/**
	 * @return the store refreshes coordinate through (lease, newest tokens, recovery): the session store, else the
	 * coordination's shared store, else {@code null}
	 */
	@Nullable SessionStore refreshStore() {
		return this.store != null ? this.store : this.coordination == null ? null : this.coordination.shared();
	}

	@Nullable SessionCoordination coordination() {
		return this.coordination;
	}

	/**
	 * @return the longest a session lives: the absolute timeout of its cookie
	 */
	Duration sessionLifetime() {
		return this.sessionCodec != null ? this.sessionCodec.settings().absoluteTimeout()
				: Objects.requireNonNull(this.idCodec).settings().absoluteTimeout();
	}

	@Nullable SessionCookieCodec sessionCodec() {
		return this.sessionCodec;
	}

	@Nullable SessionStore store() {
		return this.store;
	}

	@Nullable SessionIdCookieCodec idCodec() {
		return this.idCodec;
	}

	TransactionCookieCodec transactionCodec() {
		return this.transactionCodec;
	}
}
