package io.github.logtoreactive.example;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.ExchangeResult;
import org.springframework.util.MultiValueMap;

/**
 * A browser-like cookie jar for {@code WebTestClient}: the last {@code Set-Cookie} of a name wins, {@code Max-Age=0}
 * or an empty value deletes.
 */
final class CookieJar {

	private final Map<String, String> cookies = new LinkedHashMap<>();

	void remember(ExchangeResult result) {
		remember(result.getResponseCookies());
	}

	void remember(MultiValueMap<String, ResponseCookie> set) {
		set.forEach((name, values) -> {
			ResponseCookie last = values.get(values.size() - 1);
			if (last.getMaxAge().isZero() || last.getValue().isEmpty()) {
				this.cookies.remove(name);
			}
			else {
				this.cookies.put(name, last.getValue());
			}
		});
	}

	void applyTo(MultiValueMap<String, String> requestCookies) {
		this.cookies.forEach((name, value) -> requestCookies.put(name, List.of(value)));
	}

	boolean has(String name) {
		return this.cookies.containsKey(name);
	}
}
