package io.github.logtoreactive.web;

import java.util.Objects;

import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.TransactionCookieCodec;
import org.jspecify.annotations.Nullable;

/**
 * Where sessions are kept between requests: either the whole session in encrypted, chunked cookies
 * ({@link #inCookies}), or a {@link SessionStore} with only the (signed) session id in a cookie ({@link #inStore}).
 * Sign-in transactions always travel in their own short-lived cookies. {@link RequestSessions} reads and writes
 * sessions as this says. Immutable.
 */
public final class SessionStorage {

	private final @Nullable SessionCookieCodec sessionCodec;

	private final @Nullable SessionStore store;

	private final @Nullable SessionIdCookieCodec idCodec;

	private final TransactionCookieCodec transactionCodec;

	private SessionStorage(@Nullable SessionCookieCodec sessionCodec, @Nullable SessionStore store,
			@Nullable SessionIdCookieCodec idCodec, TransactionCookieCodec transactionCodec) {
		this.sessionCodec = sessionCodec;
		this.store = store;
		this.idCodec = idCodec;
		this.transactionCodec = Objects.requireNonNull(transactionCodec, "transactionCodec");
	}

	/**
	 * Sessions in encrypted cookies (the default): nothing server-side.
	 * @param sessionCodec the session cookie codec
	 * @param transactionCodec the sign-in transaction cookie codec
	 * @return the setting
	 */
	public static SessionStorage inCookies(SessionCookieCodec sessionCodec, TransactionCookieCodec transactionCodec) {
		return new SessionStorage(Objects.requireNonNull(sessionCodec, "sessionCodec"), null, null, transactionCodec);
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
				Objects.requireNonNull(idCodec, "idCodec"), transactionCodec);
	}

	/**
	 * @return whether sessions live in a store rather than in cookies
	 */
	public boolean usesStore() {
		return this.store != null;
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
