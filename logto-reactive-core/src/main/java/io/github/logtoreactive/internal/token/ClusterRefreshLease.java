package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.SessionStore;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Refreshes of sessions kept in a cluster-scoped {@link SessionStore}: only the instance holding a session's refresh
 * lease refreshes it; the others wait and take the new tokens from the store.
 *
 * <p>
 * A lease lives as long as a whole refresh may take ({@link LogtoConfig#responseTimeout()} for each attempt and one
 * more), so the lease of an instance that died expires on its own and a waiting instance takes over. A waiter looks
 * at the store every 50 ms (on the engine's {@link Scheduler}), adopts what the holder stored as soon as it is fresh,
 * tries to take the lease whenever it is free, and gives up after twice the lease's lifetime (on the engine's
 * {@link Clock}) with a timeout {@link LogtoTransportException}, leaving the session as it was. The holder releases
 * the lease when its refresh ends, whatever the outcome. Never blocks.
 */
final class ClusterRefreshLease {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	private final RefreshGrant grant;

	private final TokenFreshness freshness;

	private final RefreshCounters counters;

	private final Clock clock;

	private final Scheduler scheduler;

	private final Duration leaseTtl;

	ClusterRefreshLease(RefreshGrant grant, LogtoConfig config, TokenFreshness freshness, RefreshCounters counters,
			Clock clock, Scheduler scheduler) {
		this.grant = grant;
		this.freshness = freshness;
		this.counters = counters;
		this.clock = clock;
		this.scheduler = scheduler;
		this.leaseTtl = config.responseTimeout().multipliedBy(config.transientRetries() + 2L);
	}

	/**
	 * Refreshes holding the session's lease unless {@code done} already holds for what the store has, or waits for
	 * the instance that holds the lease until what it stored is {@code accepted}.
	 * @param lane the session's lane
	 * @param key the token to refresh
	 * @param done whether a state needs no refresh (checked on the store's newest state once the lease is held)
	 * @param accepted whether the state another instance stored ends the wait
	 * @param binding where the request's session lives (the refreshed session is saved to it)
	 * @param store the cluster-scoped store
	 * @return the lane's state
	 */
	Mono<TokenState> refresh(RefreshLane lane, TokenKey key, Predicate<TokenState> done,
			Predicate<TokenState> accepted, SessionBinding binding, SessionStore store) {
		String owner = lane.id() + ":" + Long.toHexString(ThreadLocalRandom.current().nextLong());
		Instant deadline = this.clock.instant().plus(this.leaseTtl.multipliedBy(2));
		return acquireOrAwait(lane, key, done, accepted, binding, store, owner, deadline);
	}

	private Mono<TokenState> acquireOrAwait(RefreshLane lane, TokenKey key, Predicate<TokenState> done,
			Predicate<TokenState> accepted, SessionBinding binding, SessionStore store, String owner,
			Instant deadline) {
		return Mono.defer(() -> store.tryAcquireRefreshLease(lane.id(), owner, this.leaseTtl)).flatMap(acquired -> {
			if (acquired) {
				return Mono.usingWhen(Mono.just(owner), o -> refreshHoldingLease(lane, key, done, binding, store),
						o -> store.releaseRefreshLease(lane.id(), o));
			}
			return awaitHolder(lane, accepted, store).switchIfEmpty(Mono.defer(() -> {
				if (this.clock.instant().isAfter(deadline)) {
					return Mono.error(new LogtoTransportException(true,
							"timed out waiting for another instance to refresh the session", null));
				}
				return acquireOrAwait(lane, key, done, accepted, binding, store, owner, deadline);
			}));
		});
	}

	private Mono<TokenState> refreshHoldingLease(RefreshLane lane, TokenKey key, Predicate<TokenState> done,
			SessionBinding binding, SessionStore store) {
		return store.load(lane.id()).map(stored -> adoptIfNewer(lane, stored)).defaultIfEmpty(lane.state())
			.flatMap(state -> {
				if (done.test(state)) {
					return Mono.just(state);
				}
				return this.grant.refresh(lane, key, state, binding, store)
					.flatMap(refreshed -> binding.load()
						.flatMap(session -> binding.save(lane.merge(session, null)))
						.thenReturn(refreshed));
			});
	}

	/**
	 * One poll: after the interval, what the holder stored, when it is {@code accepted}; else empty.
	 */
	private Mono<TokenState> awaitHolder(RefreshLane lane, Predicate<TokenState> accepted, SessionStore store) {
		return Mono.delay(POLL_INTERVAL, this.scheduler)
			.then(Mono.defer(() -> store.load(lane.id())))
			.flatMap(stored -> {
				TokenState adopted = adoptIfNewer(lane, stored);
				return accepted.test(adopted) ? Mono.just(adopted) : Mono.empty();
			});
	}

	/**
	 * Adopts what another instance stored when it is newer: a rotated refresh token, or (when Logto did not rotate)
	 * access tokens that expire later than the lane's, with its generation (the stored version). A stored refresh
	 * token the lane already replaced is stale.
	 */
	private TokenState adoptIfNewer(RefreshLane lane, LogtoSession stored) {
		TokenState state = lane.state();
		String storedRefresh = stored.refreshToken();
		if (storedRefresh == null || state.replacedRefreshTokens().contains(storedRefresh)) {
			return state;
		}
		if (storedRefresh.equals(state.refreshToken()) && !hasNewerAccessToken(stored, state)) {
			// the lane's own tokens: a refresh from here on descends from the stored generation
			return lane.atLeast(stored.version());
		}
		this.counters.adoptions.incrementAndGet();
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
}
