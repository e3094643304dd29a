package io.github.logtoreactive.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A session encoded for cookies: the ordered chunk values (usually one), their names, their {@code Max-Age}, and the
 * exact {@code Set-Cookie} headers to send. Immutable.
 *
 * <pre>{@code
 * EncodedSessionCookie cookie = codec.encode(session, now);
 * cookie.setCookieHeaders(request.getCookies().keySet())
 *     .forEach(h -> response.getHeaders().add(HttpHeaders.SET_COOKIE, h));
 * }</pre>
 */
public final class EncodedSessionCookie {

	private final SessionCookieSettings settings;

	private final List<String> values;

	private final Duration maxAge;

	EncodedSessionCookie(SessionCookieSettings settings, List<String> values, Duration maxAge) {
		this.settings = settings;
		this.values = List.copyOf(values);
		this.maxAge = maxAge;
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
		List<String> names = new ArrayList<>(this.values.size());
		for (int i = 0; i < this.values.size(); i++) {
			names.add(this.settings.chunkName(i));
		}
		return names;
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
	 * @return the {@code Set-Cookie} header values that write the chunks, each at most
	 * {@link SessionCookieSettings#MAX_SET_COOKIE_LINE_BYTES} bytes with {@code "Set-Cookie: "}
	 */
	public List<String> setCookieHeaders() {
		List<String> headers = new ArrayList<>(this.values.size());
		for (int i = 0; i < this.values.size(); i++) {
			headers.add(this.settings.setCookieHeader(this.settings.chunkName(i), this.values.get(i), this.maxAge));
		}
		return headers;
	}

	/**
	 * @param requestCookieNames the names of the cookies the request carried
	 * @return the headers that write the chunks, then those that delete stale chunks the request carried (e.g.
	 * {@code name.2} when the session shrank to two chunks)
	 */
	public List<String> setCookieHeaders(Collection<String> requestCookieNames) {
		List<String> headers = setCookieHeaders();
		for (String name : requestCookieNames) {
			int index = SessionCookieCodec.chunkIndex(this.settings, name);
			if (index >= this.values.size()) {
				headers.add(this.settings.deleteCookieHeader(name));
			}
		}
		return headers;
	}

	@Override
	public String toString() {
		return "EncodedSessionCookie{chunks=" + this.values.size() + ", maxAge=" + this.maxAge + "}";
	}
}
