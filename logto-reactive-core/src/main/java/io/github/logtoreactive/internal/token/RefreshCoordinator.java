package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.InvalidResponseException;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.NotAuthenticatedException;
import io.github.logtoreactive.OrganizationAccessException;
import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.SessionExpiredException;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.SessionStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Obtains fresh access tokens for sessions, making sure that any number of concurrent callers cost one token request
 * per (session, token key), and that all refreshes of one session are serialized on its newest refresh token.
 *
 * <p>
 * Logto rotates refresh tokens and revokes the whole grant when a consumed one is replayed more than 3 s later. So:
 * <ul>
 * <li>Each session (by {@link LogtoSession#id()}) has a lane ({@link RefreshLane}). Refreshes in a lane run one after
 * the other, each with the refresh token the previous one returned; callers that need the same key while a refresh
 * runs join it.</li>
 * <li>A lane remembers the refresh tokens it replaced, and is kept for {@link LogtoConfig#refreshResultRetention()}
 * after its last use ({@link RefreshLanes}): a late request that still presents a replaced refresh token (a browser's
 * parallel requests all carry the same cookie) adopts the newest tokens instead of replaying the consumed one.</li>
 * <li>{@code invalid_grant} ends the session ({@link SessionExpiredException}) unless the store holds a newer refresh
 * token, which is then tried once. 5xx, 429 and fast connection failures are retried with jittered backoff (honouring
 * {@code Retry-After}); a timed-out refresh is not retried, because Logto may have consumed the token. 403 on an
 * organization token becomes {@link OrganizationAccessException} and leaves the session intact
 * ({@link RefreshGrant}).</li>
 * <li>With a cluster-scoped {@link SessionStore}, the refresh also holds the store's lease, so only one instance
 * refreshes a session; the others wait and read the new tokens from the store ({@link ClusterRefreshLease}).</li>
 * <li>A session whose tokens changed after its response was committed is pinned ({@link #retain}): its lane outlives
 * the retention until the pin ends, for at most {@link LogtoConfig#pendingMaxSessions()} sessions.</li>
 * </ul>
 * Every time decision (expiry, retention, pins, sweeps, leases, backoff) is taken on the engine's {@link Clock} and
 * {@link Scheduler}. Never blocks: lane bookkeeping holds a monitor only for map updates, never across I/O.
 * <p>
 * Public only because {@code EngineComponents}, {@code LogtoEngine} and the web package's {@code RequestSessions} use
 * it.
 */
public final class RefreshCoordinator {

	private final TokenFreshness freshness;

	private final RefreshCounters counters = new RefreshCounters();

	private final RefreshLanes lanes;

	private final RefreshGrant grant;

	private final ClusterRefreshLease lease;

	private final SessionLiveness liveness;

	/**
	 * @param endpoint the token endpoint
	 * @param idTokenCheck verifies ID tokens that arrive with a refresh
	 * @param config the configuration (skew, retention, retries, most pinned sessions)
	 * @param clock the clock deciding expiry, retention, pins and lease deadlines
	 * @param scheduler the scheduler for backoff and lease polling
	 */
	public RefreshCoordinator(TokenEndpoint endpoint, IdTokenCheck idTokenCheck, LogtoConfig config, Clock clock,
			Scheduler scheduler) {
		Objects.requireNonNull(endpoint, "endpoint");
		Objects.requireNonNull(idTokenCheck, "idTokenCheck");
		Objects.requireNonNull(config, "config");
		Objects.requireNonNull(clock, "clock");
		Objects.requireNonNull(scheduler, "scheduler");
		this.freshness = new TokenFreshness(clock, config.refreshSkew());
		this.lanes = new RefreshLanes(config, clock);
		this.grant = new RefreshGrant(endpoint, idTokenCheck, new TransientRetry(config, clock, scheduler, true), clock,
				this.freshness, this.counters);
		this.lease = new ClusterRefreshLease(this.grant, config, this.freshness, this.counters, clock, scheduler);
		this.liveness = new SessionLiveness(clock, config.revalidateAfter());
	}

	/**
	 * Returns the session holding a usable token for {@code key}: the cached one when it is outside the refresh skew,
	 * else a refreshed one (or a newer one another request obtained). Changes are handed to {@code binding}.
	 * @param session the request's session (must hold an ID token)
	 * @param key the token wanted
	 * @param force refresh even when the cached token is still fresh
	 * @param binding where the request's session lives
	 * @param store the session store when sessions are kept server-side (for recovery and cluster leases), or
	 * {@code null}
	 * @return the session as it now stands, holding a token for {@code key} that is not expired
	 */
	public Mono<LogtoSession> obtain(LogtoSession session, TokenKey key, boolean force, SessionBinding binding,
			@Nullable SessionStore store) {
		return Mono.defer(() -> {
			RefreshLane lane = this.lanes.open(session.id());
			return obtain(lane, session, lane.merge(session, this.counters.adoptions), key, force, false, binding,
					store);
		});
	}

	/**
	 * The access token for {@code key}, as {@link #obtain} would leave it in the session. On the cache hit (the
	 * session holds a fresh token and the coordinator knows nothing newer), the token is answered without any other
	 * work: no save, no operator besides the answer, and no lane for a session that has none (a lane only matters
	 * once a refresh ran: it is opened then, from the session as the request presents it). Call it when the caller
	 * subscribes (it reconciles the session with its lane at once).
	 * @param session the request's session (must hold an ID token)
	 * @param key the token wanted
	 * @param force refresh even when the cached token is still fresh
	 * @param binding where the request's session lives
	 * @param store the session store when sessions are kept server-side, or {@code null}
	 * @return a token for {@code key} that is not expired; {@link InvalidResponseException} when a refresh returned
	 * none
	 */
	public Mono<String> accessToken(LogtoSession session, TokenKey key, boolean force, SessionBinding binding,
			@Nullable SessionStore store) {
		RefreshLane lane = this.lanes.findSweeping(session.id());
		LogtoSession current = (lane != null) ? lane.merge(session, this.counters.adoptions) : session;
		AccessToken cached = current.accessToken(key);
		if (!force && current == session && cached != null && this.freshness.isFresh(cached)) {
			return Mono.just(cached.token());
		}
		if (lane == null) {
			lane = this.lanes.open(session.id());
			current = lane.merge(session, this.counters.adoptions);
		}
		return obtain(lane, session, current, key, force, false, binding, store)
			.flatMap(updated -> usable(updated, key));
	}

	/**
	 * @param liveness a revalidation: any refresh since {@code current} (a new ID token, here or on another instance)
	 * answers it
	 */
	private Mono<LogtoSession> obtain(RefreshLane lane, LogtoSession session, LogtoSession current, TokenKey key,
			boolean force, boolean liveness, SessionBinding binding, @Nullable SessionStore store) {
		if (!force && this.freshness.isFresh(current.accessToken(key))) {
			return current == session ? Mono.just(current) : binding.save(current);
		}
		Predicate<TokenState> fresh = state -> this.freshness.isFresh(state.accessTokens().get(key));
		String knownIdToken = current.idToken();
		Predicate<TokenState> done = liveness ? state -> !Objects.equals(state.idToken(), knownIdToken)
				: force ? state -> false : fresh;
		// a forced refresh ends with a token newer than the caller's, also when another instance obtained it
		AccessToken known = current.accessToken(key);
		Predicate<TokenState> accepted = liveness ? done
				: force ? state -> fresh.test(state) && !Objects.equals(state.accessTokens().get(key), known) : fresh;
		Mono<TokenState> refreshed = lane.refresh(key, this.counters.joins,
				() -> refreshInLane(lane, key, done, accepted, binding, store));
		return refreshed.map(state -> lane.merge(current, null))
			.flatMap(binding::save)
			.onErrorResume(SessionExpiredException.class,
					ex -> binding.save(session.withoutTokens()).then(Mono.error(ex)));
	}

	private static Mono<String> usable(LogtoSession session, TokenKey key) {
		if (!session.isAuthenticated()) {
			// The binding refused to keep the tokens: the session was deleted meanwhile (signed out elsewhere).
			return Mono.error(new NotAuthenticatedException("the session was signed out while its token was obtained"));
		}
		AccessToken token = session.accessToken(key);
		if (token == null) {
			return Mono.error(new InvalidResponseException("the token endpoint returned no usable access token", null));
		}
		return Mono.just(token.token());
	}

	/**
	 * Makes sure a signed-in session is still alive at Logto: when its ID token expired (or is older than
	 * {@link LogtoConfig#revalidateAfter()}), it is refreshed once, in its lane, so that any number of concurrent
	 * requests of the session cost one token request (a request arriving after the refresh adopts its new ID token
	 * and needs none). A session without a refresh token cannot be revalidated and is returned as it is.
	 * @param session the request's session (must hold an ID token)
	 * @param binding where the request's session lives
	 * @param store the session store when sessions are kept server-side, or {@code null}
	 * @return the session as it now stands. Errors: {@link SessionExpiredException} when Logto refused the grant
	 * ({@code invalid_grant}; the session's tokens were cleared), and the transient errors of a refresh
	 * ({@code TokenEndpointException}, {@code LogtoTransportException}; the session is kept)
	 */
	public Mono<LogtoSession> revalidate(LogtoSession session, SessionBinding binding, @Nullable SessionStore store) {
		return Mono.defer(() -> {
			RefreshLane lane = this.lanes.findSweeping(session.id());
			LogtoSession current = (lane != null) ? lane.merge(session, this.counters.adoptions) : session;
			if (!this.liveness.isDue(current)) {
				return current == session ? Mono.just(current) : binding.save(current);
			}
			if (lane == null) {
				lane = this.lanes.open(session.id());
				current = lane.merge(session, this.counters.adoptions);
			}
			return obtain(lane, session, current, TokenKey.DEFAULT, true, true, binding, store);
		});
	}

	/**
	 * Whether {@link #revalidate} would answer a session as it is, at once: no revalidation is due and this coordinator
	 * has no newer tokens for it (which would be written first). Merges the session into its lane as
	 * {@link #revalidate} does, without counting an adoption (revalidate counts it when it runs). No I/O.
	 * @param session a signed-in session
	 * @return {@code true} when it counts as signed in without any I/O; {@code false} when {@link #revalidate} must
	 * run
	 */
	public boolean isLiveNow(LogtoSession session) {
		RefreshLane lane = this.lanes.findSweeping(session.id());
		return (lane == null || lane.merge(session, null) == session) && !this.liveness.isDue(session);
	}

	/**
	 * Brings a session up to the newest tokens this coordinator knows for it, without any I/O: used right before a
	 * response writes the session, so that a slow request never writes an older refresh token than a concurrent one
	 * obtained.
	 * @param session a session about to be written
	 * @return the session with the newest known tokens, or the same instance
	 */
	public LogtoSession reconcile(LogtoSession session) {
		RefreshLane lane = this.lanes.find(session.id());
		return lane == null ? session : lane.adoptInto(session);
	}

	/**
	 * The publication of a session's newest tokens for other instances, following the lineage rule: only tokens this
	 * instance obtained from Logto itself are published (never ones it adopted), each generation once.
	 * @param session a session of this instance
	 * @return its newest tokens when this instance obtained them and has not published them yet, as a session without
	 * transactions whose version is their generation (the number of refreshes that led to them); else {@code null}
	 */
	public @Nullable LogtoSession unpublished(LogtoSession session) {
		RefreshLane lane = this.lanes.find(session.id());
		TokenState state = lane == null ? null : lane.unpublished();
		if (state == null) {
			return null;
		}
		return LogtoSession.restore(session.id(), state.generation(), session.createdAt(), state.idToken(),
				state.refreshToken(), state.accessTokens(), Map.of());
	}

	/**
	 * @param publication what {@link #unpublished} returned, now held by the shared store (or a newer generation is)
	 */
	public void published(LogtoSession publication) {
		RefreshLane lane = this.lanes.find(publication.id());
		if (lane != null) {
			lane.published(publication.version());
		}
	}

	/**
	 * Keeps the tokens of a session whose response was already committed (a refresh inside a streaming body), so
	 * that the user agent's next request, which still carries the older state, adopts them instead of replaying a
	 * consumed refresh token. Retaining a session again renews its pin; beyond
	 * {@link LogtoConfig#pendingMaxSessions()} sessions the one pinned least recently is unpinned, and its lane then
	 * lasts only as long as an unpinned one (the refresh-result retention after its last use).
	 * @param session the session after the change
	 * @param ttl how long to keep it if no request comes
	 */
	public void retain(LogtoSession session, Duration ttl) {
		this.lanes.retain(session, ttl);
		this.counters.retained.incrementAndGet();
	}

	/**
	 * @return sessions whose tokens were retained after their response was committed
	 */
	public long retainedCount() {
		return this.counters.retained.get();
	}

	/**
	 * Forgets what the coordinator knows of a session (sign-out).
	 * @param sessionId the session id
	 */
	public void forget(String sessionId) {
		this.lanes.forget(sessionId);
	}

	/**
	 * @return token requests made (each attempt of a retried request counts once)
	 */
	public long refreshCount() {
		return this.counters.refreshes.get();
	}

	/**
	 * @return callers that joined a refresh already under way instead of starting one
	 */
	public long joinCount() {
		return this.counters.joins.get();
	}

	/**
	 * @return requests that adopted tokens another request had refreshed
	 */
	public long adoptionCount() {
		return this.counters.adoptions.get();
	}

	/**
	 * @return refreshes that ended in an error
	 */
	public long failureCount() {
		return this.counters.failures.get();
	}

	/**
	 * The refresh a lane runs when its turn comes: nothing when an earlier one in the lane already obtained a fresh
	 * token, an error when the grant was refused or there is no refresh token, else a refresh, under the cluster lease
	 * when the store is shared with other instances.
	 */
	private Mono<TokenState> refreshInLane(RefreshLane lane, TokenKey key, Predicate<TokenState> done,
			Predicate<TokenState> accepted, SessionBinding binding, @Nullable SessionStore store) {
		return Mono.defer(() -> {
			TokenState state = lane.state();
			if (done.test(state)) {
				return Mono.just(state);
			}
			if (lane.isExpired()) {
				return Mono.error(new SessionExpiredException(400, "the session's grant was already refused", null));
			}
			if (state.refreshToken() == null) {
				return Mono.error(new NotAuthenticatedException("refresh token not found: sign in again"));
			}
			if (store != null && store.isClusterScoped()) {
				return this.lease.refresh(lane, key, done, accepted, binding, store);
			}
			return this.grant.refresh(lane, key, state, binding, store);
		});
	}
}
