package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.IdTokenVerificationException;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.NotAuthenticatedException;
import io.github.logtoreactive.OrganizationAccessException;
import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.SessionExpiredException;
import io.github.logtoreactive.TokenEndpointException;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.SessionStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Obtains fresh access tokens for sessions, making sure that any number of concurrent callers cost one token request
 * per (session, token key), and that all refreshes of one session are serialized on its newest refresh token.
 *
 * <p>
 * Logto rotates refresh tokens and revokes the whole grant when a consumed one is replayed more than 3 s later. So:
 * <ul>
 * <li>Each session (by {@link LogtoSession#id()}) has a lane. Refreshes in a lane run one after the other, each with
 * the refresh token the previous one returned; callers that need the same key while a refresh runs join it.</li>
 * <li>A lane remembers the refresh tokens it replaced for {@link LogtoConfig#refreshResultRetention()}: a late request
 * that still presents a replaced refresh token (a browser's parallel requests all carry the same cookie) adopts the
 * newest tokens instead of replaying the consumed one.</li>
 * <li>{@code invalid_grant} ends the session ({@link SessionExpiredException}) unless the store holds a newer refresh
 * token, which is then tried once. 5xx, 429 and fast connection failures are retried with jittered backoff (honouring
 * {@code Retry-After}); a timed-out refresh is not retried, because Logto may have consumed the token. 403 on an
 * organization token becomes {@link OrganizationAccessException} and leaves the session intact.</li>
 * <li>With a cluster-scoped {@link SessionStore}, the refresh also holds the store's lease, so only one instance
 * refreshes a session; the others wait and read the new tokens from the store.</li>
 * <li>A session whose tokens changed after its response was committed is pinned ({@link #retain}): its lane outlives
 * the retention until the pin ends, for at most {@link LogtoConfig#pendingMaxSessions()} sessions.</li>
 * </ul>
 * Every time decision (retention, pins, sweeps) is taken on the engine's {@link Clock}. Never blocks: lane bookkeeping
 * holds a monitor only for map updates, never across I/O.
 */
public final class RefreshCoordinator {

	private static final Logger logger = LoggerFactory.getLogger(RefreshCoordinator.class);

	private static final int MAX_REMEMBERED_REFRESH_TOKENS = 16;

	private static final Duration LEASE_POLL = Duration.ofMillis(50);

	private static final long MIN_SWEEP_INTERVAL_MILLIS = 1_000;

	private final TokenEndpoint endpoint;

	private final IdTokenCheck idTokenCheck;

	private final LogtoConfig config;

	private final Clock clock;

	private final Scheduler scheduler;

	private final TransientRetry retry;

	private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

	private final AtomicLong lastSweep = new AtomicLong();

	private final AtomicLong refreshes = new AtomicLong();

	private final AtomicLong joins = new AtomicLong();

	private final AtomicLong adoptions = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong retained = new AtomicLong();

	private final PinnedSessions pins;

	/**
	 * @param endpoint the token endpoint
	 * @param idTokenCheck verifies ID tokens that arrive with a refresh
	 * @param config the configuration (skew, retention, retries, most pinned sessions)
	 * @param clock the clock deciding expiry, retention and pins
	 * @param scheduler the scheduler for backoff and lease polling
	 */
	public RefreshCoordinator(TokenEndpoint endpoint, IdTokenCheck idTokenCheck, LogtoConfig config, Clock clock,
			Scheduler scheduler) {
		this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
		this.idTokenCheck = Objects.requireNonNull(idTokenCheck, "idTokenCheck");
		this.config = Objects.requireNonNull(config, "config");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
		this.retry = new TransientRetry(config, clock, scheduler, true);
		this.pins = new PinnedSessions(config.pendingMaxSessions());
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
			sweepIfDue();
			Lane lane = this.lanes.computeIfAbsent(session.id(), id -> new Lane(id));
			LogtoSession current = lane.merge(session, this.adoptions);
			if (!force && isFresh(current.accessToken(key))) {
				return current == session ? Mono.just(current) : binding.save(current);
			}
			Mono<TokenState> refreshed = lane.refresh(key, this.joins,
					() -> refreshInLane(lane, key, force, binding, store));
			return refreshed.map(state -> lane.merge(current, null))
				.flatMap(binding::save)
				.onErrorResume(SessionExpiredException.class,
						ex -> binding.save(session.withoutTokens()).then(Mono.error(ex)));
		});
	}

	/**
	 * Brings a session up to the newest tokens this coordinator knows for it, without any I/O: used right before a
	 * response writes the session, so that a slow request never writes an older refresh token than a concurrent one
	 * obtained.
	 * @param session a session about to be written
	 * @return the session with the newest known tokens, or the same instance
	 */
	public LogtoSession reconcile(LogtoSession session) {
		Lane lane = this.lanes.get(session.id());
		return lane == null ? session : lane.adoptInto(session);
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
		long now = this.clock.millis();
		// Atomic with the sweep's removal, so a lane swept at this very moment cannot swallow the change.
		this.lanes.compute(session.id(), (id, lane) -> {
			Lane kept = lane != null ? lane : new Lane(id);
			kept.merge(session, null);
			return kept;
		});
		this.retained.incrementAndGet();
		this.pins.pin(session.id(), now + ttl.toMillis());
	}

	/**
	 * @return sessions whose tokens were retained after their response was committed
	 */
	public long retainedCount() {
		return this.retained.get();
	}

	/**
	 * Forgets what the coordinator knows of a session (sign-out).
	 * @param sessionId the session id
	 */
	public void forget(String sessionId) {
		this.lanes.remove(sessionId);
		this.pins.unpin(sessionId);
	}

	/**
	 * @return token requests made (each attempt of a retried request counts once)
	 */
	public long refreshCount() {
		return this.refreshes.get();
	}

	/**
	 * @return callers that joined a refresh already under way instead of starting one
	 */
	public long joinCount() {
		return this.joins.get();
	}

	/**
	 * @return requests that adopted tokens another request had refreshed
	 */
	public long adoptionCount() {
		return this.adoptions.get();
	}

	/**
	 * @return refreshes that ended in an error
	 */
	public long failureCount() {
		return this.failures.get();
	}

	private boolean isFresh(@Nullable AccessToken token) {
		return token != null && !token.needsRefresh(this.clock.instant(), this.config.refreshSkew());
	}

	private Mono<TokenState> refreshInLane(Lane lane, TokenKey key, boolean force, SessionBinding binding,
			@Nullable SessionStore store) {
		return Mono.defer(() -> {
			TokenState state = lane.state();
			if (!force && isFresh(state.accessTokens().get(key))) {
				return Mono.just(state);
			}
			if (lane.isExpired()) {
				return Mono.error(new SessionExpiredException(400, "the session's grant was already refused", null));
			}
			if (state.refreshToken() == null) {
				return Mono.error(new NotAuthenticatedException("refresh token not found: sign in again"));
			}
			if (store != null && store.isClusterScoped()) {
				return refreshUnderLease(lane, key, force, binding, store);
			}
			return refreshWith(lane, key, state, store, true);
		});
	}

	private Mono<TokenState> refreshWith(Lane lane, TokenKey key, TokenState state, @Nullable SessionStore store,
			boolean mayRecover) {
		String refreshToken = Objects.requireNonNull(state.refreshToken());
		return requestWithRetries(refreshToken, key).flatMap(response -> record(lane, key, response))
			.onErrorResume(TokenEndpointException.class, ex -> {
				if ("invalid_grant".equals(ex.error())) {
					return recoverFromInvalidGrant(lane, key, refreshToken, store, mayRecover, ex);
				}
				this.failures.incrementAndGet();
				if (key.organizationId() != null && ex.status() == 403) {
					return Mono.error(new OrganizationAccessException(key.organizationId(), ex.status(), ex.error(),
							ex.errorDescription(), ex.logtoCode()));
				}
				return Mono.error(ex);
			})
			.doOnError(ex -> !(ex instanceof TokenEndpointException), ex -> this.failures.incrementAndGet());
	}

	private Mono<TokenState> recoverFromInvalidGrant(Lane lane, TokenKey key, String usedRefreshToken,
			@Nullable SessionStore store, boolean mayRecover, TokenEndpointException cause) {
		Mono<TokenState> expire = Mono.defer(() -> {
			this.failures.incrementAndGet();
			lane.expire();
			logger.debug("Refresh refused with invalid_grant: session {} is over", lane.id);
			return Mono.error(new SessionExpiredException(cause.status(), cause.errorDescription(),
					cause.logtoCode()));
		});
		if (!mayRecover || store == null) {
			return expire;
		}
		return store.load(lane.id).onErrorResume(ex -> Mono.empty()).flatMap(stored -> {
			String newer = stored.refreshToken();
			if (newer == null || newer.equals(usedRefreshToken)) {
				return Mono.<TokenState>empty();
			}
			TokenState adopted = lane.adopt(stored);
			this.adoptions.incrementAndGet();
			if (isFresh(adopted.accessTokens().get(key))) {
				return Mono.just(adopted);
			}
			return refreshWith(lane, key, adopted, store, false);
		}).switchIfEmpty(expire);
	}

	private Mono<TokenResponse> requestWithRetries(String refreshToken, TokenKey key) {
		return this.retry.run(() -> this.endpoint.refresh(refreshToken, key.resource(), key.organizationId()),
				this.refreshes::incrementAndGet);
	}

	private Mono<TokenState> record(Lane lane, TokenKey key, TokenResponse response) {
		if (response.idToken() != null) {
			try {
				SessionIdentityCheck.requireSameIdentity(lane.state().idToken(), response.idToken());
			}
			catch (IdTokenVerificationException foreign) {
				// OIDC Core 12.2. The response is about another user (or issuer, or client): its access token and its
				// refresh token would belong to whoever its ID token names, so nothing of it is recorded, and this
				// session never holds another user's tokens. The session keeps its own ID, refresh and access tokens.
				// If Logto rotated the refresh token, the session's one is consumed now: a later refresh ends the
				// session with invalid_grant, the right end for a grant that answered for someone else.
				logger.warn("A refresh returned an ID token of another identity ({}); its tokens are discarded",
						foreign.reason().value());
				return Mono.error(foreign);
			}
		}
		Instant now = this.clock.instant();
		AccessToken token = new AccessToken(response.accessToken(), response.scope(), now,
				now.plusSeconds(response.expiresIn()));
		Mono<String> idToken = response.idToken() == null ? Mono.empty()
				: this.idTokenCheck.verify(response.idToken()).onErrorResume(ex -> {
					// Same identity, but the token does not verify (signature, expiry, ...). The refresh token has
					// been rotated already: keep it and the access token, keep the old ID token.
					logger.warn("ID token returned by a refresh failed verification ({}); keeping the previous one",
							ex.getMessage());
					return Mono.empty();
				});
		return idToken.map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty())
			.map(verified -> lane.recordRefresh(key, token, response.refreshToken(), verified.orElse(null)));
	}

	private Mono<TokenState> refreshUnderLease(Lane lane, TokenKey key, boolean force, SessionBinding binding,
			SessionStore store) {
		String owner = lane.id + ":" + Long.toHexString(ThreadLocalRandom.current().nextLong());
		Duration leaseTtl = this.config.responseTimeout().multipliedBy(this.config.transientRetries() + 2L);
		Instant deadline = this.clock.instant().plus(leaseTtl.multipliedBy(2));
		return Mono.defer(() -> store.tryAcquireRefreshLease(lane.id, owner, leaseTtl)).flatMap(acquired -> {
			if (acquired) {
				return Mono.usingWhen(Mono.just(owner), o -> refreshHoldingLease(lane, key, force, binding, store),
						o -> store.releaseRefreshLease(lane.id, o));
			}
			return awaitOtherInstance(lane, key, store, deadline).switchIfEmpty(
					Mono.defer(() -> refreshUnderLease(lane, key, force, binding, store)));
		});
	}

	private Mono<TokenState> refreshHoldingLease(Lane lane, TokenKey key, boolean force, SessionBinding binding,
			SessionStore store) {
		return store.load(lane.id).map(stored -> adoptIfNewer(lane, stored)).defaultIfEmpty(lane.state())
			.flatMap(state -> {
				if (!force && isFresh(state.accessTokens().get(key))) {
					return Mono.just(state);
				}
				return refreshWith(lane, key, state, store, true)
					.flatMap(refreshed -> binding.load()
						.flatMap(session -> binding.save(lane.merge(session, null)))
						.thenReturn(refreshed));
			});
	}

	private Mono<TokenState> awaitOtherInstance(Lane lane, TokenKey key, SessionStore store, Instant deadline) {
		return Mono.delay(LEASE_POLL, this.scheduler).then(store.load(lane.id)).flatMap(stored -> {
			TokenState adopted = adoptIfNewer(lane, stored);
			return isFresh(adopted.accessTokens().get(key)) ? Mono.just(adopted) : Mono.<TokenState>empty();
		}).switchIfEmpty(Mono.defer(() -> {
			if (this.clock.instant().isAfter(deadline)) {
				return Mono.error(new LogtoTransportException(true,
						"timed out waiting for another instance to refresh the session", null));
			}
			return store.tryAcquireRefreshLease(lane.id, "probe", Duration.ofMillis(1))
				.flatMap(free -> free ? Mono.<TokenState>empty() : awaitOtherInstance(lane, key, store, deadline));
		}));
	}

	/**
	 * Adopts what another instance stored when it is newer: a rotated refresh token, or (when Logto did not rotate)
	 * access tokens that expire later than the lane's. A stored refresh token the lane already replaced is stale.
	 */
	private TokenState adoptIfNewer(Lane lane, LogtoSession stored) {
		TokenState state = lane.state();
		String storedRefresh = stored.refreshToken();
		if (storedRefresh == null || state.replacedRefreshTokens().contains(storedRefresh)) {
			return state;
		}
		if (storedRefresh.equals(state.refreshToken()) && !hasNewerAccessToken(stored, state)) {
			return state;
		}
		this.adoptions.incrementAndGet();
		return lane.adopt(stored);
	}

	private static boolean hasNewerAccessToken(LogtoSession stored, TokenState state) {
		for (Map.Entry<TokenKey, AccessToken> entry : stored.accessTokens().entrySet()) {
			AccessToken known = state.accessTokens().get(entry.getKey());
			if (known == null || entry.getValue().expiresAt().isAfter(known.expiresAt())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * At most once per retention (at least 1 s): drops ended pins, and the lanes idle for longer than the retention
	 * that are not pinned. If the clock goes back, sweeps wait until it passes the last one again: lanes are then kept
	 * longer, never dropped early.
	 */
	private void sweepIfDue() {
		long now = this.clock.millis();
		long last = this.lastSweep.get();
		long retention = Math.max(this.config.refreshResultRetention().toMillis(), MIN_SWEEP_INTERVAL_MILLIS);
		if (now - last < retention || !this.lastSweep.compareAndSet(last, now)) {
			return;
		}
		this.pins.dropEnded(now);
		long idleBefore = now - retention;
		for (String id : this.lanes.keySet()) {
			// Decided under the map's lock for this key, so a concurrent retain either sees the lane or runs after.
			this.lanes.computeIfPresent(id,
					(key, lane) -> lane.isIdleSince(idleBefore) && !this.pins.holds(key) ? null : lane);
		}
	}

	/** One session's refresh bookkeeping. */
	private final class Lane {

		private final String id;

		private @Nullable TokenState state;

		private boolean expired;

		private Mono<TokenState> tail = Mono.empty();

		private final Map<TokenKey, Mono<TokenState>> inFlight = new HashMap<>();

		private volatile long lastUsed = RefreshCoordinator.this.clock.millis();

		Lane(String id) {
			this.id = id;
		}

		synchronized TokenState state() {
			return Objects.requireNonNull(this.state);
		}

		synchronized boolean isExpired() {
			return this.expired;
		}

		synchronized void expire() {
			this.expired = true;
		}

		synchronized boolean isIdleSince(long millis) {
			return this.inFlight.isEmpty() && this.lastUsed < millis;
		}

		synchronized LogtoSession adoptInto(LogtoSession session) {
			if (this.state == null || !this.state.knows(session.refreshToken())) {
				return session;
			}
			return this.state.applyTo(session);
		}

		/**
		 * Reconciles a request's session with the lane: a request presenting a refresh token the lane replaced adopts
		 * the lane's tokens; a request presenting an unknown one (a newer lineage, e.g. from another instance) resets
		 * the lane to it.
		 */
		synchronized LogtoSession merge(LogtoSession session, @Nullable AtomicLong adoptionCounter) {
			this.lastUsed = RefreshCoordinator.this.clock.millis();
			if (this.state == null || !this.state.knows(session.refreshToken())) {
				if (this.state != null && session.refreshToken() != null) {
					this.expired = false;
				}
				this.state = this.state == null ? TokenState.of(session) : this.state.adopt(session);
				return session;
			}
			LogtoSession merged = this.state.applyTo(session);
			if (adoptionCounter != null && merged != session
					&& !Objects.equals(merged.refreshToken(), session.refreshToken())) {
				adoptionCounter.incrementAndGet();
			}
			return merged;
		}

		synchronized TokenState adopt(LogtoSession newer) {
			this.state = Objects.requireNonNull(this.state).adopt(newer);
			this.expired = false;
			return this.state;
		}

		synchronized TokenState recordRefresh(TokenKey key, AccessToken token, @Nullable String refreshToken,
				@Nullable String idToken) {
			this.state = Objects.requireNonNull(this.state).afterRefresh(key, token, refreshToken, idToken,
					MAX_REMEMBERED_REFRESH_TOKENS);
			return this.state;
		}

		synchronized Mono<TokenState> refresh(TokenKey key, AtomicLong joinCounter, Supplier<Mono<TokenState>> work) {
			this.lastUsed = RefreshCoordinator.this.clock.millis();
			Mono<TokenState> running = this.inFlight.get(key);
			if (running != null) {
				joinCounter.incrementAndGet();
				return running;
			}
			Mono<TokenState> previous = this.tail;
			Mono<TokenState>[] self = new Mono[1];
			Mono<TokenState> next = previous.onErrorResume(ex -> Mono.empty())
				.then(Mono.defer(work))
				// Before the result reaches anyone: a caller that asks again right away must not join a finished refresh.
				.doOnTerminate(() -> done(key, self[0]))
				.cache();
			self[0] = next;
			this.inFlight.put(key, next);
			this.tail = next;
			return next;
		}

		private synchronized void done(TokenKey key, Mono<TokenState> finished) {
			this.inFlight.remove(key, finished);
			if (this.tail == finished) {
				this.tail = Mono.empty();
			}
			this.lastUsed = RefreshCoordinator.this.clock.millis();
		}
	}
}
