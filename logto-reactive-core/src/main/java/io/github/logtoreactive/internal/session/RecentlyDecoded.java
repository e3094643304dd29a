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
 * Lookups compare the whole string in constant time for its length, so response times reveal nothing about how much
 * of a cached value a forged cookie matched. Only values the caller fully validated are put; time-dependent checks
 * (idle and absolute timeouts) stay with the caller, on every hit. Values must be immutable: they are shared by every
 * request that sends the same string.
 *
 * @param <T> the decoded value
 * <p>
 * Public only because the store package's session codec and the internal jwt package use it.
 */
public final class RecentlyDecoded<T> {

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
		int hash = key.hashCode();
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
		int hash = key.hashCode();
		this.slots.set(hash & this.mask, new Entry<>(key, hash, value));
	}

	/** Forgets every value. */
	public void clear() {
		for (int i = 0; i < this.slots.length(); i++) {
			this.slots.set(i, null);
		}
	}

	/** Compares every char of {@code given}, whatever the first difference; the time depends on its length only. */
	static boolean constantTimeEquals(String known, String given) {
		int knownLength = known.length();
		int diff = knownLength ^ given.length();
		if (knownLength == 0) {
			return diff == 0;
		}
		for (int i = 0; i < given.length(); i++) {
			diff |= given.charAt(i) ^ known.charAt(Math.min(i, knownLength - 1));
		}
		return diff == 0;
	}

	private record Entry<T>(String key, int hash, T value) {
	}
}
