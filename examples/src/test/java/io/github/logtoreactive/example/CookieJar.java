package io.github.logtoreactive.example;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.ExchangeResult;
import org.springframework.util.MultiValueMap;

/**
 * A browser-like cookie jar for {@code WebTestClient} (or raw {@code Set-Cookie} lines): the last {@code Set-Cookie}
 * of a name wins, {@code Max-Age=0} or an empty value deletes.
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

	/**
	 * @param setCookieLines whole {@code Set-Cookie} lines as received ({@code "Set-Cookie: name=value; ..."})
	 */
	void rememberLines(List<String> setCookieLines) {
		for (String line : setCookieLines) {
			String[] parts = line.substring(line.indexOf(':') + 1).trim().split(";\\s*");
			int eq = parts[0].indexOf('=');
			String name = parts[0].substring(0, eq);
			String value = parts[0].substring(eq + 1);
			boolean expired = Arrays.stream(parts).anyMatch((part) -> part.equalsIgnoreCase("Max-Age=0"));
			if (expired || value.isEmpty()) {
				this.cookies.remove(name);
			}
			else {
				this.cookies.put(name, value);
			}
		}
	}

	/**
	 * @return the cookies a browser would send now, by name
	 */
	Map<String, String> values() {
		return new LinkedHashMap<>(this.cookies);
	}

	void applyTo(MultiValueMap<String, String> requestCookies) {
		this.cookies.forEach((name, value) -> requestCookies.put(name, List.of(value)));
	}

	boolean has(String name) {
		return this.cookies.containsKey(name);
	}
}
