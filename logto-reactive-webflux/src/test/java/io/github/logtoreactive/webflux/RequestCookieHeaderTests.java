package io.github.logtoreactive.webflux;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter reads the {@code Cookie} header itself: it must read the same cookies as Reactor Netty's default decoder
 * (Netty's {@code ServerCookieDecoder.STRICT}, whose result Spring's {@code getCookies()} is), name to first value.
 */
class RequestCookieHeaderTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "a=1", "a=1; b=2", "a=1;b=2", "  a=1 ;  b=2", "a=1, b=2", "a=1; a=2", "a=",
			"a=; b=2", "a", "a; b=2", "=1; b=2", "a=\"quoted\"", "a=\"\"", "a=\"", "a=\"open; b=2", "a=x\"y",
			"a b=1; c=2", "a=1 2; c=3", "a=x,y; c=3", "a=x\\y; c=3", "a=é; c=3", "é=1; c=3", "a(=1; c=3",
			"$Version=1; a=1; $Path=/; b=2; $Domain=x; $Port=80", "$version=1; $Pathname=1; c=2", "$Version=1",
			"$Foo=1; a=2", "a==1", "a=1=2", "logto_session=eyJ.a-b_c~2; theme=dark; _ga=GA1.1.12.17", ";;;a=1;;",
			"\ta=1\r\n", "a=1;", "a=1; ", "a=1\u0000; b=2", "a=b; c", "a=%41" })
	void parseWhenAnyHeaderThenSameCookiesAsNettysStrictDecoder(String header) {
		assertThat(parse(header)).isEqualTo(netty(header));
	}

	@Test
	void parseWhenRandomHeadersThenSameCookiesAsNettysStrictDecoder() {
		Random random = new Random(16);
		String alphabet = "ab=;, \t\"$\\é(x1-_.~";
		for (int n = 0; n < 20_000; n++) {
			StringBuilder header = new StringBuilder();
			int length = random.nextInt(24);
			for (int i = 0; i < length; i++) {
				header.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String text = (random.nextInt(8) == 0 ? "$Version=1;" : "") + header;
			assertThat(parse(text)).as(text).isEqualTo(netty(text));
		}
	}

	@Test
	void ofWhenSeveralCookieHeadersThenEveryCookieWithItsFirstValue() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/")
			.header("Cookie", "a=1; b=2")
			.header("Cookie", "b=3; c=4")
			.build();

		assertThat(ExchangeCookies.of(request)).isEqualTo(Map.of("a", "1", "b", "2", "c", "4"));
	}

	@Test
	void ofWhenNoCookieHeaderThenNoCookie() {
		assertThat(ExchangeCookies.of(MockServerHttpRequest.get("/").build())).isEmpty();
	}

	private static Map<String, String> parse(String header) {
		Map<String, String> cookies = new HashMap<>();
		RequestCookieHeader.parse(header, cookies);
		return cookies;
	}

	private static Map<String, String> netty(String header) {
		List<Cookie> cookies = ServerCookieDecoder.STRICT.decodeAll(header);
		Map<String, String> first = new LinkedHashMap<>();
		for (Cookie cookie : cookies) {
			first.putIfAbsent(cookie.name(), cookie.value());
		}
		return new HashMap<>(first);
	}
}
