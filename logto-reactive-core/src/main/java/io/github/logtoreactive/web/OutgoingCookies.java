package io.github.logtoreactive.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionTooLargeException;
import io.github.logtoreactive.SignInTransaction;
import io.github.logtoreactive.store.EncodedSessionCookie;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.store.TransactionCookieCodec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cookies that bring a browser from what its request carried to the session as the request leaves it: the
 * session (or session-id) cookie when it changed or must be deleted, one cookie per new sign-in transaction, and the
 * deletion of every transaction cookie that was completed or refused. Pure CPU work; never blocks.
 */
final class OutgoingCookies {

	private static final Logger logger = LoggerFactory.getLogger(OutgoingCookies.class);

	private OutgoingCookies() {
	}

	/**
	 * @param sessions where sessions are kept, the clock and the counters
	 * @param requestCookies the request's cookies
	 * @param incoming what the request brought
	 * @param session the session as the request leaves it, or {@code null} when there is none
	 * @param changed whether the session changed during the request
	 * @param deleted whether the request signed out
	 * @return the cookies to set, in order
	 */
	static List<SetCookie> of(RequestSessions sessions, Map<String, String> requestCookies, IncomingSession incoming,
			@Nullable LogtoSession session, boolean changed, boolean deleted) {
		List<SetCookie> cookies = new ArrayList<>();
		SessionStorage storage = sessions.storage();
		boolean signedIn = session != null && session.isAuthenticated();
		boolean delete = !signedIn && (deleted || incoming.refusedSession());
		SessionIdCookieCodec idCodec = storage.idCodec();
		if (idCodec != null) {
			if (delete || (!signedIn && changed && incoming.sessionId() != null)) {
				cookies.add(idCodec.deletionCookie());
			}
			else if (signedIn && session != null && !session.id().equals(incoming.sessionId())) {
				cookies.add(idCodec.cookie(session.id()));
			}
		}
		else {
			SessionCookieCodec codec = Objects.requireNonNull(storage.sessionCodec());
			if (delete || (!signedIn && changed && requestCookies.containsKey(codec.settings().cookieName()))) {
				cookies.addAll(codec.deletionCookies(requestCookies.keySet()));
			}
			else if (signedIn && changed && session != null) {
				sessionCookies(sessions, codec, session, requestCookies, cookies);
			}
		}
		transactionCookies(sessions, requestCookies, incoming, session, cookies);
		return cookies;
	}

	private static void sessionCookies(RequestSessions sessions, SessionCookieCodec codec, LogtoSession session,
			Map<String, String> requestCookies, List<SetCookie> cookies) {
		try {
			EncodedSessionCookie encoded = codec.encode(session, sessions.clock().instant());
			cookies.addAll(encoded.cookies(requestCookies.keySet()));
			int bytes = 0;
			for (String value : encoded.values()) {
				bytes += value.length();
			}
			sessions.counters().cookieWritten(bytes, encoded.chunkCount());
		}
		catch (SessionTooLargeException ex) {
			sessions.counters().oversizedSession();
			logger.warn("The session does not fit in cookies ({}); configure an external session store",
					ex.getMessage());
		}
	}

	/**
	 * New transactions are bound to the browser: to the binding cookie it carries, else to a new one set with them.
	 */
	private static void transactionCookies(RequestSessions sessions, Map<String, String> requestCookies,
			IncomingSession incoming, @Nullable LogtoSession session, List<SetCookie> cookies) {
		Map<String, SignInTransaction> pending = session == null ? Map.of() : session.transactions();
		if (pending.isEmpty() && incoming.transactionStates().isEmpty()
				&& incoming.refusedTransactionCookies().isEmpty()) {
			// a signed-in request, almost always: no view or iterator of the empty collections
			return;
		}
		TransactionCookieCodec codec = sessions.storage().transactionCodec();
		String binding = null;
		for (SignInTransaction transaction : pending.values()) {
			if (!incoming.transactionStates().contains(transaction.state())) {
				if (binding == null) {
					binding = Objects.requireNonNullElseGet(codec.binding(requestCookies),
							TransactionCookieCodec::newBinding);
					cookies.add(codec.bindingCookie(binding));
				}
				cookies.add(codec.cookie(transaction, binding, sessions.clock().instant()));
			}
		}
		for (String state : incoming.transactionStates()) {
			if (!pending.containsKey(state)) {
				cookies.add(codec.deletionCookie(state));
			}
		}
		for (String name : incoming.refusedTransactionCookies()) {
			cookies.add(codec.deletionCookieNamed(name));
		}
	}
}
