package io.github.logtoreactive.store;

import java.security.MessageDigest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import io.github.logtoreactive.LogtoSession;

/**
 * What this instance last decoded (or wrote) for each session of the Redis store: the exact encrypted value and the
 * session it holds, so that a request whose load fetches the very same bytes skips decrypting, inflating and parsing
 * them. Every load still reads Redis: another instance's newer version has other bytes (a fresh IV, at least) and is
 * decoded, with authenticated decryption, and replaces the entry. Bytes are compared in constant time
 * ({@link MessageDigest#isEqual}); the sessions are immutable and shared by the requests that load them.
 *
 * <p>
 * Bounded by an estimate of the heap its entries hold (Caffeine, by weight): per session the encrypted value, 1.5
 * times the length of its JSON for the decoded session (its tokens as Latin-1 strings, their objects and maps) and
 * {@value #ENTRY_OVERHEAD} bytes for the entry. Measured (heap after GC, 5,000 entries): 2.8 KB per session holding
 * an ID and a refresh token (estimated 3.5 KB), 11.9 KB with 8 JWT access tokens too (estimated 12.3 KB).
 * Least-recently-used sessions are forgotten first; a forgotten session is decoded on its next
 * load, as without this memory. Never blocks.
 */
final class RecentRedisSessions {

	/** Bytes counted per entry beyond the value and the decoded session: the cache's node, the entry, the key. */
	static final int ENTRY_OVERHEAD = 512;

	private final @Nullable Cache<String, Entry> entries;

	/**
	 * @param maxBytes the most heap the entries may hold, estimated as above; 0 remembers nothing
	 */
	RecentRedisSessions(long maxBytes) {
		this.entries = maxBytes == 0 ? null
				: Caffeine.newBuilder()
					.maximumWeight(maxBytes)
					.<String, Entry>weigher((id, entry) -> entry.weight())
					.executor(Runnable::run)
					.build();
	}

	/**
	 * @param sessionId the session id
	 * @param data the value just read from Redis
	 * @return the session decoded from exactly these bytes for this id, or {@code null}
	 */
	@Nullable LogtoSession get(String sessionId, byte[] data) {
		Entry entry = this.entries == null ? null : this.entries.getIfPresent(sessionId);
		return entry != null && MessageDigest.isEqual(entry.data(), data) ? entry.session() : null;
	}

	/**
	 * @param sessionId the session id
	 * @param data the value in Redis, authenticated (decrypted by this instance, or encrypted by it)
	 * @param session the session it holds
	 * @param jsonLength the length of the session's JSON
	 */
	void put(String sessionId, byte[] data, LogtoSession session, int jsonLength) {
		if (this.entries != null) {
			long weight = (long) data.length + jsonLength + jsonLength / 2 + ENTRY_OVERHEAD;
			this.entries.put(sessionId, new Entry(data, session, (int) Math.min(Integer.MAX_VALUE, weight)));
		}
	}

	/**
	 * @param sessionId a session deleted or refused
	 */
	void forget(String sessionId) {
		if (this.entries != null) {
			this.entries.invalidate(sessionId);
		}
	}

	private record Entry(byte[] data, LogtoSession session, int weight) {
	}
}
