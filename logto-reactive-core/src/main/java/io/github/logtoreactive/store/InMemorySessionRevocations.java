package io.github.logtoreactive.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.github.logtoreactive.LogtoConfigurationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * {@link SessionRevocations} in this JVM's memory: sessions ended here are refused by this instance only
 * ({@link #isClusterScoped()} is {@code false}; use {@link RedisSessionRevocations} with several instances).
 *
 * <p>
 * <b>Bounded, refusing rather than forgetting.</b> At most {@code maxEntries} ended sessions and as many logout token
 * ids are kept; entries past their keep-until time are dropped first. When the record is full of live entries, the
 * oldest is dropped and the record raises its <em>floor</em> to that entry's time: every session that started at or
 * before the floor then counts as ended (a few live sessions sign in again; no ended one is ever signed in), and every
 * logout token issued at or before the token floor counts as used. Raising a floor is logged as a warning.
 *
 * <p>
 * Thread-safe: each operation is a short critical section over in-memory maps (no I/O while held) and completes
 * synchronously on the subscribing thread; never blocks, never fails.
 */
public final class InMemorySessionRevocations implements SessionRevocations {

	/** The default bound of each of the two records. */
	public static final int DEFAULT_MAX_ENTRIES = 100_000;

	private static final Logger logger = LoggerFactory.getLogger(InMemorySessionRevocations.class);

	private static final char SESSION = 'i';

	private static final char LOGTO_SESSION = 'd';

	private static final char SUBJECT = 'u';

	private static final char LOGOUT_TOKEN = 't';

	private final Clock clock;

	private final int maxEntries;

	private final LinkedHashMap<Key, Entry> ended = new LinkedHashMap<>();

	private final LinkedHashMap<Key, Entry> tokens = new LinkedHashMap<>();

	private Instant sessionFloor = Instant.MIN;

	private Instant tokenFloor = Instant.MIN;

	/**
	 * @param clock the engine's clock (entries end at their keep-until time on it)
	 * @param maxEntries the most ended sessions, and the most logout token ids, kept
	 * @throws LogtoConfigurationException when {@code maxEntries} is below 1
	 */
	public InMemorySessionRevocations(Clock clock, int maxEntries) {
		this.clock = Objects.requireNonNull(clock, "clock");
		if (maxEntries < 1) {
			throw new LogtoConfigurationException("session.revocations.max-entries",
					"session.revocations.max-entries must be at least 1");
		}
		this.maxEntries = maxEntries;
	}

	/**
	 * @param clock the engine's clock
	 * @return a record of at most {@value #DEFAULT_MAX_ENTRIES} entries of each kind
	 */
	public static InMemorySessionRevocations create(Clock clock) {
		return new InMemorySessionRevocations(clock, DEFAULT_MAX_ENTRIES);
	}

	@Override
	public Mono<Void> endSession(String sessionId, Instant keepUntil) {
		return put(new Key(SESSION, sessionId), this.clock.instant(), keepUntil);
	}

	@Override
	public Mono<Void> endLogtoSession(String sid, Instant keepUntil) {
		return put(new Key(LOGTO_SESSION, sid), this.clock.instant(), keepUntil);
	}

	@Override
	public Mono<Void> endSubject(String sub, Instant endedAt, Instant keepUntil) {
		return put(new Key(SUBJECT, sub), endedAt, keepUntil);
	}

	private Mono<Void> put(Key key, Instant at, Instant keepUntil) {
		return Mono.fromRunnable(() -> {
			Instant now = this.clock.instant();
			synchronized (this) {
				Entry previous = this.ended.remove(key);
				Instant time = previous != null && previous.at().isAfter(at) ? previous.at() : at;
				Instant until = previous != null && previous.keepUntil().isAfter(keepUntil) ? previous.keepUntil()
						: keepUntil;
				this.ended.put(key, new Entry(time, until));
				Instant dropped = makeRoom(this.ended, now);
				if (dropped != null && dropped.isAfter(this.sessionFloor)) {
					this.sessionFloor = dropped;
					logger.warn("The record of ended sessions is full ({} entries): sessions started before {} now "
							+ "count as ended; use Redis or raise the bound", this.maxEntries, dropped);
				}
			}
		});
	}

	@Override
	public Mono<Boolean> isEnded(String sessionId, @Nullable String sid, @Nullable String sub, Instant createdAt) {
		return Mono.fromSupplier(() -> {
			Instant now = this.clock.instant();
			synchronized (this) {
				if (!createdAt.isAfter(this.sessionFloor) || live(this.ended, new Key(SESSION, sessionId), now) != null
						|| (sid != null && live(this.ended, new Key(LOGTO_SESSION, sid), now) != null)) {
					return Boolean.TRUE;
				}
				Entry subject = sub == null ? null : live(this.ended, new Key(SUBJECT, sub), now);
				return subject != null && !createdAt.isAfter(subject.at());
			}
		});
	}

	@Override
	public Mono<Boolean> useLogoutToken(String jti, Instant issuedAt, Instant keepUntil) {
		return Mono.fromSupplier(() -> {
			Instant now = this.clock.instant();
			synchronized (this) {
				Key token = new Key(LOGOUT_TOKEN, jti);
				if (!issuedAt.isAfter(this.tokenFloor) || live(this.tokens, token, now) != null) {
					return Boolean.FALSE;
				}
				this.tokens.put(token, new Entry(issuedAt, keepUntil));
				Instant dropped = makeRoom(this.tokens, now);
				if (dropped != null && dropped.isAfter(this.tokenFloor)) {
					this.tokenFloor = dropped;
					logger.warn("The record of used logout tokens is full ({} entries): tokens issued before {} are "
							+ "now refused", this.maxEntries, dropped);
				}
				return Boolean.TRUE;
			}
		});
	}

	/**
	 * @return {@code false}: the record is this JVM's
	 */
	@Override
	public boolean isClusterScoped() {
		return false;
	}

	private static @Nullable Entry live(Map<Key, Entry> entries, Key key, Instant now) {
		Entry entry = entries.get(key);
		if (entry != null && !now.isBefore(entry.keepUntil())) {
			entries.remove(key);
			return null;
		}
		return entry;
	}

	/**
	 * Drops expired entries, then, while over the bound, the oldest entry.
	 * @return the latest time of a live entry dropped, or {@code null} when none was
	 */
	private @Nullable Instant makeRoom(LinkedHashMap<Key, Entry> entries, Instant now) {
		if (entries.size() <= this.maxEntries) {
			return null;
		}
		entries.values().removeIf(entry -> !now.isBefore(entry.keepUntil()));
		Instant dropped = null;
		Iterator<Entry> oldest = entries.values().iterator();
		while (entries.size() > this.maxEntries) {
			Entry entry = oldest.next();
			oldest.remove();
			dropped = dropped == null || entry.at().isAfter(dropped) ? entry.at() : dropped;
		}
		return dropped;
	}

	private record Entry(Instant at, Instant keepUntil) {
	}

	/**
	 * What an entry is about, and its id: checked on every request, so a lookup builds no string (the ids come from
	 * the remembered session and claims, their hashes computed once).
	 */
	private record Key(char kind, String id) {
	}
}
