package io.github.logtoreactive.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A session encoded for cookies: the ordered chunk values (usually one), their names, their {@code Max-Age}, and the
 * {@link SetCookie}s to send, each within {@link SetCookie#MAX_LINE_BYTES} on the wire. Immutable.
 *
 * <pre>{@code
 * EncodedSessionCookie encoded = codec.encode(session, now);
 * encoded.cookies(request.getCookies().keySet()).forEach(cookie -> response.addCookie(toResponseCookie(cookie)));
 * }</pre>
 */
public final class EncodedSessionCookie {

	private final SessionCookieSettings settings;

	private final List<String> values;

	private final Duration maxAge;

	private final List<SetCookie> cookies;

	EncodedSessionCookie(SessionCookieSettings settings, List<String> values, Duration maxAge) {
		this.settings = settings;
		this.values = List.copyOf(values);
		this.maxAge = maxAge;
		List<SetCookie> chunks = new ArrayList<>(this.values.size());
		for (int i = 0; i < this.values.size(); i++) {
			chunks.add(settings.cookie(settings.chunkName(i), this.values.get(i), maxAge));
		}
		this.cookies = List.copyOf(chunks);
	}

	/**
	 * @return the chunk values in order: the value of {@code name}, then {@code name.1}, ...
	 */
	public List<String> values() {
		return this.values;
	}

	/**
	 * @return the chunk cookie names in order
	 */
	public List<String> names() {
		return this.cookies.stream().map(SetCookie::name).toList();
	}

	/**
	 * @return how many cookies the session takes
	 */
	public int chunkCount() {
		return this.values.size();
	}

	/**
	 * @return the {@code Max-Age} of the cookies
	 */
	public Duration maxAge() {
		return this.maxAge;
	}

	/**
	 * @return the cookies that write the chunks, in order, each at most {@link SetCookie#MAX_LINE_BYTES} on the wire
	 */
	public List<SetCookie> cookies() {
		return this.cookies;
	}

	/**
	 * @param requestCookieNames the names of the cookies the request carried
	 * @return the cookies that write the chunks, then those that delete stale chunks the request carried (e.g.
	 * {@code name.2} when the session shrank to two chunks)
	 */
	public List<SetCookie> cookies(Collection<String> requestCookieNames) {
		List<SetCookie> all = new ArrayList<>(this.cookies);
		for (String name : requestCookieNames) {
			int index = SessionCookieCodec.chunkIndex(this.settings, name);
			if (index >= this.values.size()) {
				all.add(this.settings.deletion(name));
			}
		}
		return all;
	}

	@Override
	public String toString() {
		return "EncodedSessionCookie{chunks=" + this.values.size() + ", maxAge=" + this.maxAge + "}";
	}
}
