package io.github.logtoreactive.webflux;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A request's cookies are read from its {@code Cookie} headers only when its session is first read: a request whose
 * handler never uses the session (static files, public pages) does not parse them.
 */
class RequestCookiesTests {

	@Test
	void theHeadersAreNotReadUntilACookieIsAskedForThenReadOnce() {
		CountingHeaders headers = new CountingHeaders("logto_session=abc; theme=dark", "theme=light; _ga=1");

		RequestCookies cookies = new RequestCookies(headers);
		assertThat(headers.reads.get()).as("not read when the request's session is opened").isZero();

		assertThat(cookies.get("logto_session")).isEqualTo("abc");
		int reads = headers.reads.get();
		assertThat(reads).isPositive();
		assertThat(cookies.get("theme")).as("the first value sent").isEqualTo("dark");
		assertThat(cookies.containsKey("_ga")).isTrue();
		assertThat(cookies).hasSize(3);
		assertThat(headers.reads.get()).as("parsed once").isEqualTo(reads);
	}

	@Test
	void theCookiesAreWhatTheHeaderParserReadsAndCannotBeChanged() {
		List<String> headers = List.of("a=1; b=\"2\"; bad name=3", "a=4; c=5");
		Map<String, String> expected = new HashMap<>();
		headers.forEach(header -> RequestCookieHeader.parse(header, expected));

		RequestCookies cookies = new RequestCookies(headers);

		assertThat(cookies).isEqualTo(expected).isEqualTo(Map.of("a", "1", "b", "2", "c", "5"));
		assertThatThrownBy(() -> cookies.put("a", "x")).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> cookies.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
	}

	/** {@code Cookie} header values that count how often they are read. */
	private static final class CountingHeaders extends AbstractList<String> {

		private final List<String> values;

		final AtomicInteger reads = new AtomicInteger();

		CountingHeaders(String... values) {
			this.values = List.of(values);
		}

		@Override
		public String get(int index) {
			this.reads.incrementAndGet();
			return this.values.get(index);
		}

		@Override
		public int size() {
			return this.values.size();
		}
	}
}
