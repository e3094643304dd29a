package io.github.logtoreactive.internal.session;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * A small, bounded, lock-free memo of values decoded from strings: the same session cookie (or ID token) arrives with
 * every request of a browser, and decrypting, inflating and parsing it again costs tens of microseconds, most of a
 * signed-in request's CPU. Direct-mapped: a string has one slot (by its hash), a newer string with the same slot
 * replaces the older one, so memory stays bounded by the slot count and no entry ever needs a lock.
 *
 * <p>
 * A string's slot comes from its length and its last {@value #HASHED_TAIL} characters: a compact JWE or JWT ends with
 * its authentication tag or signature, unique to the value, so that suffix spreads values over the slots as well as
 * the whole string would, and finding the slot does not read the other 1-3 KB of a session cookie (a new string on
 * every request, so {@link String#hashCode()} would not be cached). Lookups then compare the whole string in constant
 * time for its length, so response times reveal nothing about how much of a cached value a forged cookie matched.
 * Only values the caller fully validated are put; time-dependent checks (idle and absolute timeouts) stay with the
 * caller, on every hit. Values must be immutable: they are shared by every request that sends the same string.
 *
 * @param <T> the decoded value
 * <p>
 * Public only because the store package's session codec and the internal jwt package use it.
 */
public final class RecentlyDecoded<T> {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	/** How many characters, from the end, choose a string's slot. */
	static final int HASHED_TAIL = 32;

	private final AtomicReferenceArray<@Nullable Entry<T>> slots;

	private final int mask;

	/**
	 * @param slots how many strings are kept at most (rounded up to a power of two)
	 */
	public RecentlyDecoded(int slots) {
		int size = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
		this.slots = new AtomicReferenceArray<>(size);
		this.mask = size - 1;
	}

	/**
	 * @param key the encoded string
	 * @return the value decoded from exactly this string, or {@code null}
	 */
	public @Nullable T get(String key) {
		int hash = slotHash(key);
		Entry<T> entry = this.slots.get(hash & this.mask);
		if (entry == null || entry.hash != hash) {
			return null;
		}
		if (entry.key == key) {
			return entry.value;
		}
		// a new string with every request: compared as its Latin-1 bytes, eight at a time; a character outside
		// Latin-1 becomes '?', which no remembered key contains (see put)
		return constantTimeEquals(entry.bytes, key.getBytes(StandardCharsets.ISO_8859_1)) ? entry.value : null;
	}

	/**
	 * @param key the encoded string
	 * @param value what it decoded to, fully validated
	 */
	public void put(String key, T value) {
		if (!isRememberable(key)) {
			return;
		}
		int hash = slotHash(key);
		this.slots.set(hash & this.mask,
				new Entry<>(key, key.getBytes(StandardCharsets.ISO_8859_1), hash, value));
	}

	/** ASCII without '?': cookie values and JWTs always are; a lookup maps any other character to '?'. */
	private static boolean isRememberable(String key) {
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c > 0x7e || c == '?') {
				return false;
			}
		}
		return true;
	}

	/** Forgets every value. */
	public void clear() {
		for (int i = 0; i < this.slots.length(); i++) {
			this.slots.set(i, null);
		}
	}

	/** The hash of the length and the last {@value #HASHED_TAIL} characters (all of a shorter string). */
	static int slotHash(String key) {
		int length = key.length();
		int hash = length;
		for (int i = Math.max(0, length - HASHED_TAIL); i < length; i++) {
			hash = 31 * hash + key.charAt(i);
		}
		// spread the high bits into the low ones the slot index takes
		return hash ^ (hash >>> 16);
	}

	/**
	 * Compares every byte of {@code given}, whatever the first difference, eight bytes at a time; the time depends on
	 * its length only (past the end of {@code known}, its bytes are compared with themselves).
	 */
	static boolean constantTimeEquals(byte[] known, byte[] given) {
		int length = given.length;
		byte[] other = (known.length == length) ? known : given;
		long diff = known.length ^ length;
		int i = 0;
		for (; i + Long.BYTES <= length; i += Long.BYTES) {
			diff |= (long) LONGS.get(given, i) ^ (long) LONGS.get(other, i);
		}
		for (; i < length; i++) {
			diff |= given[i] ^ other[i];
		}
		return diff == 0;
	}

	private record Entry<T>(String key, byte[] bytes, int hash, T value) {
	}
}
