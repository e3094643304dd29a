package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.store.SessionStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A session store shared by several instances, as Redis is: sessions written with compare-and-set on their version,
 * and refresh leases that expire on their own on the given clock (so a test drives them in virtual time). Counts the
 * leases taken.
 */
final class SharedSessionStore implements SessionStore {

	private final Clock clock;

	private final Map<String, LogtoSession> sessions = new ConcurrentHashMap<>();

	private final Map<String, Lease> leases = new ConcurrentHashMap<>();

	final AtomicInteger leasesTaken = new AtomicInteger();

	SharedSessionStore(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Stores a session as another instance would, whatever is stored.
	 * @param session the session
	 */
	void put(LogtoSession session) {
		this.sessions.put(session.id(), session);
	}

	@Override
	public Mono<LogtoSession> load(String sessionId) {
		return Mono.fromSupplier(() -> this.sessions.get(sessionId));
	}

	@Override
	public Mono<Boolean> save(LogtoSession session, long expectedVersion) {
		return Mono.fromSupplier(() -> {
			LogtoSession stored = this.sessions.get(session.id());
			long storedVersion = stored == null ? ABSENT : stored.version();
			return storedVersion == expectedVersion && this.sessions.replace(session.id(), stored, session);
		});
	}

	@Override
	public Mono<Void> delete(String sessionId) {
		return Mono.fromRunnable(() -> this.sessions.remove(sessionId));
	}

	@Override
	public Mono<Boolean> tryAcquireRefreshLease(String sessionId, String owner, Duration ttl) {
		return Mono.fromSupplier(() -> {
			Instant now = this.clock.instant();
			Lease taken = new Lease(owner, now.plus(ttl));
			Lease held = this.leases.compute(sessionId,
					(id, lease) -> lease == null || !now.isBefore(lease.expiresAt()) ? taken : lease);
			if (held == taken) {
				this.leasesTaken.incrementAndGet();
				return true;
			}
			return false;
		});
	}

	@Override
	public Mono<Void> releaseRefreshLease(String sessionId, String owner) {
		return Mono.fromRunnable(() -> this.leases.computeIfPresent(sessionId,
				(id, lease) -> lease.owner().equals(owner) ? null : lease));
	}

	@Override
	public boolean isClusterScoped() {
		return true;
	}

	/**
	 * @param sessionId a session
	 * @return who holds its refresh lease now, or {@code null}
	 */
	@Nullable String leaseHolder(String sessionId) {
		Lease lease = this.leases.get(sessionId);
		return lease == null || !this.clock.instant().isBefore(lease.expiresAt()) ? null : lease.owner();
	}

	private record Lease(String owner, Instant expiresAt) {
	}
}
