package io.github.logtoreactive.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import io.github.logtoreactive.LogtoSession;

/**
 * What this instance knows of each session of the Redis store: the version it last decrypted (read together with
 * its value) or wrote (acknowledged by the compare-and-set script), and the session that version holds, so that a
 * load whose version read ({@code HMGET <key> v w}) answers the same write skips fetching, decrypting, inflating and
 * parsing the value. Why a matching version means the same content is {@link RedisSessionReader}'s to argue; this
 * class only remembers. The sessions are immutable and shared by the requests that load them.
 *
 * <p>
 * Bounded by an estimate of the heap its entries hold (Caffeine, by weight): per session 1.5 times the length of its
 * JSON for the decoded session (its tokens as Latin-1 strings, their objects and maps) and {@value #ENTRY_OVERHEAD}
 * bytes for the entry, its key and its version: 2.3 KB for a session holding an ID and a refresh token (JSON of 1.2
 * KB), 9.4 KB with 8 JWT access tokens too (JSON of 5.9 KB). Measured when entries also held the encrypted value
 * (1.2 and 2.9 KB; heap after GC, 5,000 entries): 2.8 KB and 11.9 KB per session, so about 1.6 and 9 KB without it.
 * Least-recently-used sessions are forgotten first; a forgotten session is read and decrypted in full on its next
 * load, as without this memory.
 *
 * <p>
 * An entry is trusted for {@link #TRUSTED_FOR} after it was written (by the store's clock): then the session is read
 * and decrypted in full again, once, and remembered anew. A defence in depth: the write tag already tells apart
 * every write of a key (see {@link RedisSessionReader}), at the cost of one full read per session and minute. Never blocks.
 */
final class RecentRedisSessions {

	/** Bytes counted per entry beyond the decoded session: the cache's node, the entry, the key, the version. */
	static final int ENTRY_OVERHEAD = 512;

	/** How long an entry answers loads of its version before the value is read and decrypted again. */
	static final Duration TRUSTED_FOR = Duration.ofMinutes(1);

	private final @Nullable Cache<String, Known> entries;

	/**
	 * @param maxBytes the most heap the entries may hold, estimated as above; 0 remembers nothing
	 * @param clock the store's clock, measuring how long an entry has been trusted
	 */
	RecentRedisSessions(long maxBytes, Clock clock) {
		this.entries = maxBytes == 0 ? null
				: Caffeine.newBuilder()
					.maximumWeight(maxBytes)
					.<String, Known>weigher((id, known) -> known.weight())
					.expireAfterWrite(TRUSTED_FOR)
					.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
					.executor(Runnable::run)
					.build();
	}

	/**
	 * @param sessionId the session id
	 * @return the version this instance knows for it and the session it holds, or {@code null}
	 */
	@Nullable Known get(String sessionId) {
		return this.entries == null ? null : this.entries.getIfPresent(sessionId);
	}

	/**
	 * @param sessionId the session id
	 * @param version the stored version ({@code v}, as Redis holds it) of the authenticated value holding the session:
	 * read atomically with that value, or written with it by a compare-and-set that Redis acknowledged
	 * @param writeTag the tag of the write that stored that value ({@code w})
	 * @param session the session
	 * @param jsonLength the length of the session's JSON
	 */
	void put(String sessionId, byte[] version, byte[] writeTag, LogtoSession session, int jsonLength) {
		if (this.entries != null) {
			long weight = (long) jsonLength + jsonLength / 2 + ENTRY_OVERHEAD;
			this.entries.put(sessionId,
					new Known(version, writeTag, session, (int) Math.min(Integer.MAX_VALUE, weight)));
		}
	}

	/**
	 * @param sessionId a session deleted, found absent or refused
	 */
	void forget(String sessionId) {
		if (this.entries != null) {
			this.entries.invalidate(sessionId);
		}
	}

	/**
	 * A version of a session this instance knows, and the session it holds.
	 *
	 * @param version the stored version, as Redis holds it
	 * @param writeTag the tag of the write that stored it ({@code w}: its value's authentication tag)
	 * @param session the session of that version
	 * @param weight the estimated heap of the entry
	 */
	record Known(byte[] version, byte[] writeTag, LogtoSession session, int weight) {

		/**
		 * @param storedVersion a version just read from Redis
		 * @param storedTag the write tag read with it, or {@code null} when the value has none (written by an
		 * earlier version of the library)
		 * @return whether they are this entry's: the same write
		 */
		boolean is(byte[] storedVersion, byte @Nullable [] storedTag) {
			return storedTag != null && Arrays.equals(this.version, storedVersion)
					&& Arrays.equals(this.writeTag, storedTag);
		}
	}
}
