package io.github.logtoreactive.web;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SignInTransaction;
import io.github.logtoreactive.internal.Immediate;
import io.github.logtoreactive.store.CookieDecodeResult;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.TransactionCookieCodec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * What one request brought: its session (from its cookie, or from the store its session-id cookie names), brought up
 * to the newest tokens the engine knows for it, with the sign-in transactions of its transaction cookies; and the
 * cookies it carried that were refused and must be deleted.
 *
 * @param session the session, or {@code null} when the request carried none (and no transaction)
 * @param changed whether the session must be written back although the request changes nothing (a cookie due for
 * renewal, or newer tokens adopted from the engine)
 * @param transactionStates the {@code state}s of the transaction cookies it carried
 * @param refusedTransactionCookies names of transaction cookies that were refused (tampered, expired)
 * @param refusedSession whether its session (or session-id) cookie was refused
 * @param sessionId with a store: the session id its cookie named, or {@code null}
 * @param store with a store: the request's binding to the stored session, or {@code null} for cookie sessions
 */
record IncomingSession(@Nullable LogtoSession session, boolean changed, Set<String> transactionStates,
		List<String> refusedTransactionCookies, boolean refusedSession, @Nullable String sessionId,
		@Nullable StoreSessionBinding store) {

	private static final Logger logger = LoggerFactory.getLogger(IncomingSession.class);

	/**
	 * Reads a request's session; with cookie sessions without any I/O, with a store with one read of it, sent
	 * together with the question to the record of ended sessions ({@link StoredSessionCheck}).
	 * @param sessions where sessions are kept, the clock and the engine's newest tokens
	 * @param cookies the request's cookies
	 * @return what the request brought; errors with the store's {@code SessionStoreException}
	 */
	static Mono<IncomingSession> read(RequestSessions sessions, Map<String, String> cookies) {
		Instant now = sessions.clock().instant();
		SessionStorage storage = sessions.storage();
		TransactionCookieCodec transactionCodec = storage.transactionCodec();
		List<SignInTransaction> transactions = transactionCodec.decodeAll(cookies, now);
		List<String> refusedTransactions = transactionCodec.refusedCookieNames(cookies, now);
		SessionStore store = storage.store();
		if (store == null) {
			SessionCookieCodec codec = Objects.requireNonNull(storage.sessionCodec());
			CookieDecodeResult<LogtoSession> result = codec.decode(cookies, now);
			if (result.shouldDeleteCookies()) {
				logger.debug("Refused the session cookie ({}); it will be deleted",
						result.failure().map(Enum::name).orElse("unknown"));
			}
			LogtoSession decoded = result.value().orElse(null);
			boolean renew = decoded != null && codec.shouldRenew(result, now);
			Mono<Boolean> check = sessions.isEnded(decoded);
			Boolean known = Immediate.valueOf(check, null, null);
			if (known != null) {
				// the record answered from memory: what the request brought, without an operator
				return Mono.just(fromCookie(sessions, decoded, known, renew, result, transactions, refusedTransactions,
						now));
			}
			return check.map(ended -> fromCookie(sessions, decoded, ended, renew, result, transactions,
					refusedTransactions, now));
		}
		CookieDecodeResult<String> id = Objects.requireNonNull(storage.idCodec()).decode(cookies);
		String sessionId = id.value().orElse(null);
		StoreSessionBinding binding = StoreSessionBinding.of(store, sessionId);
		return sessions.storedSessions()
			.load(binding, sessionId)
			.flatMap(checked -> {
				if (!checked.ended()) {
					return Mono.just(of(sessions, checked.session(), false, transactions, refusedTransactions,
							id.shouldDeleteCookies(), sessionId, binding, now));
				}
				logger.debug("Refused the id of a session that ended; it is deleted from the store");
				return binding.delete().thenReturn(of(sessions, null, false, transactions, refusedTransactions, true,
						sessionId, binding, now));
			})
			.switchIfEmpty(Mono.fromSupplier(() -> of(sessions, null, false, transactions, refusedTransactions,
					id.shouldDeleteCookies(), sessionId, binding, now)));
	}

	private static IncomingSession fromCookie(RequestSessions sessions, @Nullable LogtoSession decoded, boolean ended,
			boolean renew, CookieDecodeResult<LogtoSession> result, List<SignInTransaction> transactions,
			List<String> refusedTransactions, Instant now) {
		if (ended) {
			logger.debug("Refused the cookie of a session that ended; it will be deleted");
		}
		return of(sessions, ended ? null : decoded, renew && !ended, transactions, refusedTransactions,
				result.shouldDeleteCookies() || ended, null, null, now);
	}

	private static IncomingSession of(RequestSessions sessions, @Nullable LogtoSession read, boolean renew,
			List<SignInTransaction> transactions, List<String> refusedTransactions, boolean refusedSession,
			@Nullable String sessionId, @Nullable StoreSessionBinding store, Instant now) {
		LogtoSession session = read;
		boolean changed = renew;
		if (session != null) {
			LogtoSession newest = sessions.reconcile(session);
			changed |= newest != session;
			session = newest;
		}
		Set<String> states = Set.of();
		if (!transactions.isEmpty()) {
			states = new HashSet<>();
			if (session == null) {
				session = LogtoSession.create(SessionIdCookieCodec.newSessionId(), now);
			}
			for (SignInTransaction transaction : transactions) {
				states.add(transaction.state());
				session = session.withTransaction(transaction);
			}
		}
		return new IncomingSession(session, changed, states, refusedTransactions, refusedSession, sessionId, store);
	}
}
