package io.github.logtoreactive.internal.session;

import java.util.List;

/**
 * The keys of one purpose, one per configured secret: the first encrypts, all decrypt.
 * <p>
 * Public only because the store package's codecs and {@code CookieSecrets} use it.
 */
public final class KeyRing {

	private final List<CookieKey> keys;

	/**
	 * @param keys the keys in configuration order, at least one
	 */
	public KeyRing(List<CookieKey> keys) {
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("at least one key is needed");
		}
		this.keys = List.copyOf(keys);
	}

	/**
	 * @return the key that encrypts (the first configured secret's)
	 */
	public CookieKey primary() {
		return this.keys.get(0);
	}

	/**
	 * @return all keys, primary first
	 */
	public List<CookieKey> all() {
		return this.keys;
	}
}
