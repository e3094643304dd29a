package io.github.logtoreactive.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoSession;

/**
 * A {@link SessionStore} in this JVM's memory, for a single application instance and for tests. Sessions are lost on
 * restart and not shared between instances ({@link #isClusterScoped()} is {@code false}).
 *
 * <p>
 * Bounded: at most {@code maxEntries} sessions; beyond that the least recently used one is evicted. Each session
 * expires {@code idleTimeout} after its last write and {@code absoluteTimeout} after its creation
 * ({@link LogtoSession#createdAt()}); expired sessions read as absent and are dropped when touched or evicted. Writes
 * are compare-and-set on {@link LogtoSession#version()}.
 *
 * <p>
 * Thread-safe. Every operation is a short critical section over an in-memory map (no I/O is ever done while it is
 * held) and completes synchronously on the subscribing thread: it never blocks, never switches threads, and never
 * fails except for a session whose version does not exceed the expected one ({@link IllegalArgumentException}).
 *
 * <pre>{@code
 * SessionStore store = InMemorySessionStore.builder().maxEntries(50_000).build();
 * }</pre>
 */
public final class InMemorySessionStore implements SessionStore {

	private final int maxEntries;

	private final Duration idleTimeout;

	private final Duration absoluteTimeout;

	private final Clock clock;

	private final LinkedHashMap<String, Entry> entries;

	private InMemorySessionStore(Builder b) {
		this.maxEntries = b.maxEntries;
		this.idleTimeout = b.idleTimeout;
		this.absoluteTimeout = b.absoluteTimeout;
		this.clock = b.clock;
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, InMemorySessionStore.Entry> eldest) {
				return size() > InMemorySessionStore.this.maxEntries;
			}
		};
	}

	/**
	 * @return a builder with the defaults (10,000 entries, 14 days idle, 30 days absolute, system UTC clock)
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public Mono<LogtoSession> load(String sessionId) {
		return Mono.fromSupplier(() -> {
			Instant now = this.clock.instant();
			synchronized (this.entries) {
				Entry entry = live(sessionId, now);
				return (entry != null) ? entry.session : null;
			}
		});
	}

	@Override
	public Mono<Boolean> save(LogtoSession session, long expectedVersion) {
		return Mono.fromCallable(() -> {
			if (session.version() <= expectedVersion) {
				throw new IllegalArgumentException("the session's version " + session.version()
						+ " must exceed the expected version " + expectedVersion);
			}
			Instant now = this.clock.instant();
			synchronized (this.entries) {
				Entry current = live(session.id(), now);
				long stored = (current != null) ? current.session.version() : ABSENT;
				if (stored != expectedVersion) {
					return Boolean.FALSE;
				}
				this.entries.put(session.id(), new Entry(session, now));
				return Boolean.TRUE;
			}
		});
	}

	@Override
	public Mono<Void> delete(String sessionId) {
		return Mono.fromRunnable(() -> {
			synchronized (this.entries) {
				this.entries.remove(sessionId);
			}
		});
	}

	/**
	 * @return how many sessions are held, expired ones not yet dropped included
	 */
	public int size() {
		synchronized (this.entries) {
			return this.entries.size();
		}
	}

	private @Nullable Entry live(String sessionId, Instant now) {
		Entry entry = this.entries.get(sessionId);
		if (entry == null) {
			return null;
		}
		if (!now.isBefore(entry.writtenAt.plus(this.idleTimeout))
				|| !now.isBefore(entry.session.createdAt().plus(this.absoluteTimeout))) {
			this.entries.remove(sessionId);
			return null;
		}
		return entry;
	}

	private record Entry(LogtoSession session, Instant writtenAt) {
	}

	/**
	 * Builds an {@link InMemorySessionStore}.
	 */
	public static final class Builder {

		private int maxEntries = 10_000;

		private Duration idleTimeout = Duration.ofDays(14);

		private Duration absoluteTimeout = Duration.ofDays(30);

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * @param maxEntries the most sessions held (default 10,000); the least recently used is evicted beyond
		 * @return this builder
		 */
		public Builder maxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
			return this;
		}

		/**
		 * @param idleTimeout how long a session lives after its last write (default 14 days)
		 * @return this builder
		 */
		public Builder idleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
			return this;
		}

		/**
		 * @param absoluteTimeout how long a session lives after its creation (default 30 days)
		 * @return this builder
		 */
		public Builder absoluteTimeout(Duration absoluteTimeout) {
			this.absoluteTimeout = absoluteTimeout;
			return this;
		}

		/**
		 * @param clock the clock (tests inject a mutable one)
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * @return the store
		 * @throws LogtoConfigurationException naming the setting at fault
		 */
		public InMemorySessionStore build() {
			if (this.maxEntries < 1) {
				throw new LogtoConfigurationException("session-store.max-entries",
						"session-store.max-entries must be at least 1");
			}
			StoreSettings.requirePositive("session-store.idle-timeout", this.idleTimeout);
			StoreSettings.requirePositive("session-store.absolute-timeout", this.absoluteTimeout);
			return new InMemorySessionStore(this);
		}
	}
}
