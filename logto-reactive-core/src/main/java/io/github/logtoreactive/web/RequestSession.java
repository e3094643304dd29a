package io.github.logtoreactive.web;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.SignInTransaction;
import io.github.logtoreactive.internal.Immediate;
import io.github.logtoreactive.internal.token.ImmediateSessionBinding;
import io.github.logtoreactive.internal.token.RefreshCoordinator;
import io.github.logtoreactive.store.SetCookie;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The session of one HTTP request, opened by {@link RequestSessions#open}: it gives the request's {@link LogtoClient}
 * and, once, the cookies its response must set.
 *
 * <ul>
 * <li><strong>Read once, when needed.</strong> The request's cookies (or the store they name) are read the first time
 * the client needs the session, and never again during the request. A request that never asks sets no cookie.</li>
 * <li><strong>Newest tokens.</strong> The session is brought up to the newest tokens the engine obtained for it (a
 * concurrent request's rotated refresh token, a refresh made after an earlier response was committed) both when read
 * and when written, so an older refresh token never overwrites a newer one.</li>
 * <li><strong>Written once.</strong> Changes are kept in memory; {@link #commit()} turns them into cookies right
 * before the response's headers are sent. With a store, changes are also written through at once
 * (compare-and-set).</li>
 * <li><strong>Nothing lost after commit.</strong> A change made after {@link #commit()} (a refresh inside a streaming
 * body) can no longer reach the cookies: with cookie sessions the engine keeps it, and the browser's next request,
 * which still carries the older cookie, adopts it; a store already holds it.</li>
 * <li><strong>Across instances.</strong> Cookie sessions with a {@link SessionCoordination} publish every change of
 * their tokens this instance obtained from Logto (before or after commit) before the change completes, so a request
 * of the same browser on another instance adopts them; tokens adopted from another instance are not published
 * again.</li>
 * </ul>
 * Sign-in transactions always travel in their own short-lived cookies, one per {@code state}. Thread-safe (the client
 * may be used from several threads of the request); never blocks.
 */
public final class RequestSession {

	private static final Logger logger = LoggerFactory.getLogger(RequestSession.class);

	@SuppressWarnings("rawtypes")
	private static final AtomicReferenceFieldUpdater<RequestSession, @Nullable Mono> READ = AtomicReferenceFieldUpdater
		.newUpdater(RequestSession.class, Mono.class, "read");

	private final RequestSessions sessions;

	private final Map<String, String> requestCookies;

	private final LogtoClient client;

	/** The one read of the request's session, created when the client first needs it; cached. */
	private volatile @Nullable Mono<IncomingSession> read;

	/** What the client's every {@code load()} returns, built at its first (a request loads two or three times). */
	private volatile @Nullable Mono<LogtoSession> load;

	/** What the request brought; set when the read completed. */
	private volatile @Nullable IncomingSession incoming;

	private volatile @Nullable LogtoSession current;

	/** The tokens other instances know of this session: as it arrived, then as last published. */
	private volatile @Nullable LogtoSession published;

	private volatile boolean changed;

	private volatile boolean deleted;

	private volatile boolean committed;

	RequestSession(RequestSessions sessions, Map<String, String> requestCookies) {
		this.sessions = sessions;
		this.requestCookies = requestCookies;
		this.client = sessions.client(new Binding());
	}

	/**
	 * @return the client of this request's user agent, bound to this session
	 */
	public LogtoClient client() {
		return this.client;
	}

	/**
	 * The cookies that bring the browser up to date with what the request did: call it once, right before the
	 * response's headers are sent (WebFlux: {@code ServerHttpResponse.beforeCommit}). Every change made after it is
	 * kept for the browser's next request (cookie sessions) or is in the store already.
	 * @return the cookies to set, in order; empty when the request did not touch the session
	 */
	public List<SetCookie> commit() {
		this.committed = true;
		IncomingSession arrived = this.incoming;
		if (arrived == null) {
			return List.of();
		}
		LogtoSession session = this.current;
		boolean changed = this.changed || arrived.changed();
		if (session != null && session.isAuthenticated()) {
			LogtoSession newest = this.sessions.reconcile(session);
			changed |= newest != session;
			session = newest;
		}
		return OutgoingCookies.of(this.sessions, this.requestCookies, arrived, session, changed, this.deleted);
	}

	private Mono<IncomingSession> read() {
		IncomingSession arrived = readNow();
		if (arrived != null) {
			// read already (the second and third load of a request), or now: what the cache would replay, without it
			return Mono.just(arrived);
		}
		Mono<IncomingSession> once = this.read;
		if (once == null) {
			Mono<IncomingSession> created = cached(
					Mono.defer(() -> IncomingSession.read(this.sessions, this.requestCookies)));
			once = READ.compareAndSet(this, null, created) ? created : Objects.requireNonNull(this.read);
		}
		return once;
	}

	/**
	 * Reads the request's session on the calling thread when that needs no I/O: cookie sessions whose record of ended
	 * sessions answers from memory. A signed-in request then reaches its handler without a {@code Mono} of its own.
	 * @return what the request brought, read now or before; {@code null} when reading it needs I/O (a store, a record
	 * of ended sessions elsewhere) and has not completed: then {@link #read()} subscribes to the request's one read
	 */
	private @Nullable IncomingSession readNow() {
		IncomingSession arrived = this.incoming;
		if (arrived != null || this.read != null || this.sessions.storage().usesStore()) {
			return arrived;
		}
		Mono<IncomingSession> reading = IncomingSession.read(this.sessions, this.requestCookies);
		IncomingSession now = Immediate.valueOf(reading, null, null);
		if (now == null) {
			// the record of ended sessions answers asynchronously: this is the request's one read, subscribed later
			READ.compareAndSet(this, null, cached(reading));
			return null;
		}
		return arrived(now);
	}

	private Mono<IncomingSession> cached(Mono<IncomingSession> reading) {
		return reading.doOnNext(this::arrived).cache();
	}

	/**
	 * @param arrived what a read of the request brought
	 * @return what the request brought: the first read to complete, when two threads of the request read at once
	 */
	private IncomingSession arrived(IncomingSession arrived) {
		synchronized (this) {
			IncomingSession first = this.incoming;
			if (first != null) {
				return first;
			}
			this.current = arrived.session();
			this.published = arrived.session();
			this.incoming = arrived;
			return arrived;
		}
	}

	private @Nullable LogtoSession currentOrNull() {
		return this.current;
	}

	private void record(LogtoSession session) {
		this.changed = true;
		this.current = session;
		// Read after writing current, as commit() reads current after setting committed: a change is either in the
		// cookies or kept here, never lost between the two.
		if (this.committed && session.isAuthenticated()) {
			this.sessions.changedAfterCommit(session);
			logger.debug("Session changed after the response was committed; kept for the next request");
		}
	}

	/**
	 * The {@link SessionBinding} of this request's client.
	 */
	private final class Binding implements ImmediateSessionBinding {

		@Override
		public Mono<LogtoSession> load() {
			Mono<LogtoSession> loaded = RequestSession.this.load;
			if (loaded == null) {
				// built again by a concurrent first caller at worst: both read the one read of the request
				loaded = Mono.defer(this::loaded);
				RequestSession.this.load = loaded;
			}
			return loaded;
		}

		private Mono<LogtoSession> loaded() {
			if (readNow()) {
				return Mono.justOrEmpty(RequestSession.this.current);
			}
			return read().then(Mono.fromSupplier(RequestSession.this::currentOrNull));
		}

		@Override
		public boolean readNow() {
			return RequestSession.this.readNow() != null;
		}

		@Override
		public @Nullable LogtoSession current() {
			return RequestSession.this.current;
		}

		@Override
		public Mono<LogtoSession> save(LogtoSession session) {
			return read().then(Mono.defer(() -> {
				RequestSession.this.deleted = false;
				StoreSessionBinding store = Objects.requireNonNull(RequestSession.this.incoming).store();
				// A session that ended (its tokens cleared after invalid_grant) is written too, so that the store
				// never keeps tokens Logto refused; one that was never stored (a sign-in starting) stays out of it.
				if (store != null && (session.isAuthenticated() || store.holdsSession())) {
					Map<String, SignInTransaction> transactions = session.transactions();
					return store.save(withoutTransactions(session)).map(stored -> {
						LogtoSession merged = withTransactions(stored, transactions);
						record(merged);
						return merged;
					});
				}
				record(session);
				SessionCoordination coordination = RequestSession.this.sessions.storage().coordination();
				if (coordination != null && tokensChanged(session)) {
					RequestSession.this.published = session;
					// Only tokens this instance obtained, each generation once: tokens adopted from the shared store
					// (or from a request) are never published again, so they cannot replace newer ones there.
					RefreshCoordinator coordinator = RequestSession.this.sessions.coordinator();
					LogtoSession publication = coordinator.unpublished(session);
					if (publication != null) {
						return coordination.publish(publication).doOnNext(held -> {
							if (held) {
								coordinator.published(publication);
							}
						}).thenReturn(session);
					}
				}
				return Mono.just(session);
			}));
		}

		@Override
		public Mono<Void> delete() {
			return read().then(Mono.defer(() -> {
				RequestSession.this.deleted = true;
				RequestSession.this.changed = true;
				LogtoSession previous = RequestSession.this.current;
				RequestSession.this.current = previous == null || previous.transactions().isEmpty() ? null
						: withTransactions(LogtoSession.create(previous.id(), RequestSession.this.sessions.clock()
							.instant()), previous.transactions());
				StoreSessionBinding store = Objects.requireNonNull(RequestSession.this.incoming).store();
				Mono<Void> ended = previous == null ? Mono.empty() : RequestSession.this.sessions.signedOut(previous);
				if (store != null) {
					return ended.then(store.delete());
				}
				SessionCoordination coordination = RequestSession.this.sessions.storage().coordination();
				return coordination == null || previous == null ? ended : ended.then(coordination.forget(previous.id()));
			}));
		}
	}

	/**
	 * Whether a signed-in session's tokens differ from what other instances know of it. A session that arrived
	 * signed out (a sign-in) is new to everyone, and another session id is another session: neither is published.
	 */
	private boolean tokensChanged(LogtoSession session) {
		LogtoSession known = this.published;
		return known != null && known.isAuthenticated() && session.isAuthenticated()
				&& known.id().equals(session.id()) && !(Objects.equals(known.refreshToken(), session.refreshToken())
						&& Objects.equals(known.idToken(), session.idToken())
						&& known.accessTokens().equals(session.accessTokens()));
	}

	private static LogtoSession withoutTransactions(LogtoSession session) {
		if (session.transactions().isEmpty()) {
			return session;
		}
		return LogtoSession.restore(session.id(), session.version(), session.createdAt(), session.idToken(),
				session.refreshToken(), session.accessTokens(), Map.of());
	}

	private static LogtoSession withTransactions(LogtoSession session, Map<String, SignInTransaction> transactions) {
		if (transactions.isEmpty()) {
			return session;
		}
		return LogtoSession.restore(session.id(), session.version(), session.createdAt(), session.idToken(),
				session.refreshToken(), session.accessTokens(), transactions);
	}
}
