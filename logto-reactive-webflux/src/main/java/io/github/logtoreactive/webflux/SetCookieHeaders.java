package io.github.logtoreactive.webflux;

import java.time.Duration;
import java.util.Locale;

import org.springframework.http.ResponseCookie;

/**
 * Turns the {@code Set-Cookie} values the core codecs render (whose sizes they checked against the browser limit) into
 * {@link ResponseCookie}s, so WebFlux writes them the way it writes every cookie. The codecs render
 * {@code name=value; Max-Age=N; Path=p; Domain=d; Secure; HttpOnly; SameSite=s}, and that is all this reads.
 */
final class SetCookieHeaders {

	private SetCookieHeaders() {
	}

	static ResponseCookie toResponseCookie(String header) {
		String[] parts = header.split(";\\s*");
		int eq = parts[0].indexOf('=');
		ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(parts[0].substring(0, eq),
				parts[0].substring(eq + 1));
		for (int i = 1; i < parts.length; i++) {
			String part = parts[i];
			int sep = part.indexOf('=');
			String name = (sep < 0 ? part : part.substring(0, sep)).trim().toLowerCase(Locale.ROOT);
			String value = sep < 0 ? "" : part.substring(sep + 1).trim();
			switch (name) {
				case "max-age" -> cookie.maxAge(Duration.ofSeconds(Long.parseLong(value)));
				case "path" -> cookie.path(value);
				case "domain" -> cookie.domain(value);
				case "secure" -> cookie.secure(true);
				case "httponly" -> cookie.httpOnly(true);
				case "samesite" -> cookie.sameSite(value);
				default -> {
				}
			}
		}
		return cookie.build();
	}
}
