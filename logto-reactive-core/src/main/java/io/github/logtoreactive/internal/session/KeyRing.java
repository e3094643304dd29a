package io.github.logtoreactive.internal.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The keys of one purpose, one per configured secret: the first encrypts, all decrypt, looked up by key id.
 * <p>
 * Public only because the store package's codecs and {@code CookieSecrets} use it.
 */
public final class KeyRing {

	private final List<CookieKey> keys;

	private final Map<String, CookieKey> byKid;

	/**
	 * @param keys the keys in configuration order, at least one
	 */
	public KeyRing(List<CookieKey> keys) {
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("at least one key is needed");
		}
		this.keys = List.copyOf(keys);
		Map<String, CookieKey> map = new LinkedHashMap<>();
		for (CookieKey key : keys) {
			map.putIfAbsent(key.kid(), key);
		}
		this.byKid = Map.copyOf(map);
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

	/**
	 * @param kid a key id from a header
	 * @return the key, or {@code null} when no configured secret has that id
	 */
	public @Nullable CookieKey find(@Nullable String kid) {
		return (kid == null) ? null : this.byKid.get(kid);
	}
}
