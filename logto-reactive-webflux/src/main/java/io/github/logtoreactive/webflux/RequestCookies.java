package io.github.logtoreactive.webflux;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A request's cookies, name to the first value sent under that name, read from its {@code Cookie} headers
 * ({@link RequestCookieHeader}) the first time they are asked for: a request whose session is never read (a path the
 * filter does not protect, whose handler does not use its {@code LogtoClient}: static files, public pages) does not
 * parse them. Unmodifiable. Thread-safe: threads that ask at once may each parse, and all see equal maps. Never
 * blocks.
 */
final class RequestCookies extends AbstractMap<String, String> {

	private final List<String> headers;

	private volatile @Nullable Map<String, String> parsed;

	/**
	 * @param headers the request's {@code Cookie} header values, not empty
	 */
	RequestCookies(List<String> headers) {
		this.headers = headers;
	}

	private Map<String, String> parsed() {
		Map<String, String> values = this.parsed;
		if (values == null) {
			Map<String, String> read = new HashMap<>();
			for (String header : this.headers) {
				RequestCookieHeader.parse(header, read);
			}
			values = Collections.unmodifiableMap(read);
			this.parsed = values;
		}
		return values;
	}

	@Override
	public @Nullable String get(Object name) {
		return parsed().get(name);
	}

	@Override
	public boolean containsKey(Object name) {
		return parsed().containsKey(name);
	}

	@Override
	public int size() {
		return parsed().size();
	}

	@Override
	public Set<Entry<String, String>> entrySet() {
		return parsed().entrySet();
	}
}
