package io.github.logtoreactive.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.internal.DefaultLogtoClient;
import io.github.logtoreactive.internal.EngineComponents;
import io.github.logtoreactive.internal.token.RefreshCoordinator;

/**
 * The sessions of an HTTP server's requests: opens the {@link RequestSession} of each request from its cookies, and
 * turns what the request's {@link LogtoClient} changed into the cookies of its response. Any HTTP server integrates
 * Logto through it: the WebFlux filter does, and so can a plain Reactor Netty server or any other framework, which
 * only translates its cookies in and out.
 *
 * <pre>{@code
 * RequestSessions sessions = RequestSessions.of(engine, SessionStorage.inCookies(sessionCodec, transactionCodec));
 *
 * // per request:
 * RequestSession session = sessions.open(requestCookies);   // cookie name -> value
 * LogtoClient client = session.client();                     // sign in, get tokens, ...
 * List<SetCookie> cookies = session.commit();                // right before the response's headers are sent
 * }</pre>
 *
 * Create one at startup, after the engine, and share it: it counts what it writes ({@link #statistics()}) and uses
 * the engine's clock and refresh coordination. Immutable and thread-safe; never blocks.
 */
public final class RequestSessions {

	/** How long, by default, tokens changed after their response was committed are kept for the next request. */
	public static final Duration DEFAULT_PENDING_TTL = Duration.ofHours(12);

	private final EngineComponents components;

	private final SessionStorage storage;

	private final Duration pendingTtl;

	private final SessionCounters counters = new SessionCounters();

	private RequestSessions(Builder builder) {
		this.components = EngineComponents.of(builder.engine);
		this.storage = builder.storage;
		this.pendingTtl = builder.pendingTtl;
	}

	/**
	 * @param engine the engine
	 * @param storage where sessions are kept
	 * @return the sessions, keeping changes made after commit for {@link #DEFAULT_PENDING_TTL}
	 */
	public static RequestSessions of(LogtoEngine engine, SessionStorage storage) {
		return builder(engine, storage).build();
	}

	/**
	 * @param engine the engine
	 * @param storage where sessions are kept
	 * @return a builder
	 */
	public static Builder builder(LogtoEngine engine, SessionStorage storage) {
		return new Builder(engine, storage);
	}

	/**
	 * Opens the session of one request. Nothing is read yet: the cookies are decoded (or the store asked) once, when
	 * the request's client first needs the session.
	 * @param requestCookies the request's cookies, name to value (the first value when a name repeats); not copied,
	 * so the map must not change during the request
	 * @return the request's session
	 */
	public RequestSession open(Map<String, String> requestCookies) {
		return new RequestSession(this, Objects.requireNonNull(requestCookies, "requestCookies"));
	}

	/**
	 * @return where sessions are kept
	 */
	public SessionStorage storage() {
		return this.storage;
	}

	/**
	 * @return counters since these sessions were built
	 */
	public SessionStatistics statistics() {
		return this.counters.snapshot();
	}

	LogtoClient client(SessionBinding binding) {
		return new DefaultLogtoClient(this.components, binding, this.storage.store());
	}

	Clock clock() {
		return this.components.clock();
	}

	SessionCounters counters() {
		return this.counters;
	}

	/**
	 * @param session a session read or about to be written
	 * @return the session with the newest tokens the engine obtained for it (the same instance when none is newer)
	 */
	LogtoSession reconcile(LogtoSession session) {
		return coordinator().reconcile(session);
	}

	/**
	 * Keeps the tokens of a session changed after its response was committed, for the user agent's next request.
	 * A store already holds them (written through); cookie sessions are kept by the engine.
	 * @param session the session after the change
	 */
	void changedAfterCommit(LogtoSession session) {
		if (!this.storage.usesStore()) {
			coordinator().retain(session, this.pendingTtl);
		}
		this.counters.afterCommitSave();
	}

	private RefreshCoordinator coordinator() {
		return this.components.refreshCoordinator();
	}

	/**
	 * Builds {@link RequestSessions}. Not thread-safe.
	 */
	public static final class Builder {

		private final LogtoEngine engine;

		private final SessionStorage storage;

		private Duration pendingTtl = DEFAULT_PENDING_TTL;

		private Builder(LogtoEngine engine, SessionStorage storage) {
			this.engine = Objects.requireNonNull(engine, "engine");
			this.storage = Objects.requireNonNull(storage, "storage");
		}

		/**
		 * @param ttl how long tokens changed after their response was committed (a refresh inside a streaming body)
		 * are kept for the user agent's next request, with cookie sessions (default {@link #DEFAULT_PENDING_TTL})
		 * @return this builder
		 */
		public Builder pendingTtl(Duration ttl) {
			this.pendingTtl = Objects.requireNonNull(ttl, "ttl");
			return this;
		}

		/**
		 * @return the sessions
		 */
		public RequestSessions build() {
			return new RequestSessions(this);
		}
	}
}
