package io.github.logtoreactive.internal.session;

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
 * time for its length, so response times reveal nothing about how much of a cached value a forged cookie matched. Only values the caller fully validated are put; time-dependent checks
 * (idle and absolute timeouts) stay with the caller, on every hit. Values must be immutable: they are shared by every
 * request that sends the same string.
 *
 * @param <T> the decoded value
 * <p>
 * Public only because the store package's session codec and the internal jwt package use it.
 */
public final class RecentlyDecoded<T> {

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
		return (entry.key == key || constantTimeEquals(entry.key, key)) ? entry.value : null;
	}

	/**
	 * @param key the encoded string
	 * @param value what it decoded to, fully validated
	 */
	public void put(String key, T value) {
		int hash = slotHash(key);
		this.slots.set(hash & this.mask, new Entry<>(key, hash, value));
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

	/** Compares every char of {@code given}, whatever the first difference; the time depends on its length only. */
	static boolean constantTimeEquals(String known, String given) {
		int knownLength = known.length();
		int givenLength = given.length();
		int diff = knownLength ^ givenLength;
		if (knownLength == 0) {
			return diff == 0;
		}
		int common = Math.min(knownLength, givenLength);
		for (int i = 0; i < common; i++) {
			diff |= given.charAt(i) ^ known.charAt(i);
		}
		// past the known string's end: as many comparisons again, so the time still depends on the given length only
		char last = known.charAt(knownLength - 1);
		for (int i = common; i < givenLength; i++) {
			diff |= given.charAt(i) ^ last;
		}
		return diff == 0;
	}

	private record Entry<T>(String key, int hash, T value) {
	}
}
