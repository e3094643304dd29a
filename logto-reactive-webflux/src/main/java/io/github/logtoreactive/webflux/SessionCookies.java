package io.github.logtoreactive.webflux;

import java.util.Objects;

import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.TransactionCookieCodec;
import org.jspecify.annotations.Nullable;

/**
 * Where {@link LogtoWebFilter} keeps sessions: either the whole session in encrypted, chunked cookies, or a
 * {@link SessionStore} with only the (encrypted) session id in a cookie. Sign-in transactions always live in their own
 * short-lived cookies. Immutable.
 */
public final class SessionCookies {

	private final @Nullable SessionCookieCodec sessionCodec;

	private final @Nullable SessionStore store;

	private final @Nullable SessionIdCookieCodec idCodec;

	private final TransactionCookieCodec transactionCodec;

	private SessionCookies(@Nullable SessionCookieCodec sessionCodec, @Nullable SessionStore store,
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
	public static SessionCookies inCookies(SessionCookieCodec sessionCodec, TransactionCookieCodec transactionCodec) {
		return new SessionCookies(Objects.requireNonNull(sessionCodec, "sessionCodec"), null, null, transactionCodec);
	}

	/**
	 * Sessions in a store; the cookie carries only the encrypted session id.
	 * @param store the store
	 * @param idCodec the session-id cookie codec
	 * @param transactionCodec the sign-in transaction cookie codec
	 * @return the setting
	 */
	public static SessionCookies inStore(SessionStore store, SessionIdCookieCodec idCodec,
			TransactionCookieCodec transactionCodec) {
		return new SessionCookies(null, Objects.requireNonNull(store, "store"),
				Objects.requireNonNull(idCodec, "idCodec"), transactionCodec);
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

	/**
	 * @return whether sessions live in a store rather than in cookies
	 */
	public boolean usesStore() {
		return this.store != null;
	}
}
