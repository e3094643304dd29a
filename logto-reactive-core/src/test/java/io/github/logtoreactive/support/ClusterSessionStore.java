package io.github.logtoreactive.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.store.InMemorySessionStore;
import io.github.logtoreactive.store.SessionStore;
import reactor.core.publisher.Mono;

/**
 * What Redis is to a cluster, in memory: one store shared by several engines ("instances"), with refresh leases
 * that are cluster-scoped and expire on a given clock (Redis's {@code SET NX PX}), so that lease expiry runs in
 * virtual time. {@link #failSaves(int)} makes the next writes fail as a Redis outage would.
 */
public final class ClusterSessionStore implements SessionStore {

	private final SessionStore sessions;

	private final Clock clock;

	private final Map<String, Lease> leases = new ConcurrentHashMap<>();

	private final AtomicInteger failingSaves = new AtomicInteger();

	public final AtomicInteger saves = new AtomicInteger();

	public ClusterSessionStore(Clock clock) {
		this.clock = clock;
		this.sessions = InMemorySessionStore.builder().clock(clock).build();
	}

	/** The next {@code count} saves fail with {@link SessionStoreException}, writing nothing. */
	public void failSaves(int count) {
		this.failingSaves.set(count);
	}

	/** @return the owner of the live lease of a session, or {@code null} */
	public String leaseHolder(String sessionId) {
		Lease lease = this.leases.get(sessionId);
		return lease == null || !lease.isLive(this.clock.instant()) ? null : lease.owner();
	}

	@Override
	public Mono<LogtoSession> load(String sessionId) {
		return this.sessions.load(sessionId);
	}

	@Override
	public Mono<Boolean> save(LogtoSession session, long expectedVersion) {
		return Mono.defer(() -> {
			this.saves.incrementAndGet();
			if (this.failingSaves.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
				return Mono.error(new SessionStoreException("Redis failed to save: RedisConnectionException", null));
			}
			return this.sessions.save(session, expectedVersion);
		});
	}

	@Override
	public Mono<Void> delete(String sessionId) {
		return this.sessions.delete(sessionId);
	}

	@Override
	public Mono<Boolean> tryAcquireRefreshLease(String sessionId, String owner, Duration ttl) {
		return Mono.fromSupplier(() -> {
			Instant now = this.clock.instant();
			Lease mine = new Lease(owner, now.plus(ttl));
			Lease held = this.leases.compute(sessionId,
					(id, current) -> current == null || !current.isLive(now) ? mine : current);
			return held == mine;
		});
	}

	@Override
	public Mono<Void> releaseRefreshLease(String sessionId, String owner) {
		return Mono.fromRunnable(() -> this.leases.computeIfPresent(sessionId,
				(id, current) -> current.owner().equals(owner) ? null : current));
	}

	@Override
	public boolean isClusterScoped() {
		return true;
	}

	private record Lease(String owner, Instant expiresAt) {

		boolean isLive(Instant now) {
			return now.isBefore(this.expiresAt);
		}
	}
}
