package io.github.logtoreactive.support;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * The protocol tests' one HTTP client (the embedded server's and the real oidc-provider's): Reactor Netty, no redirects
 * followed. The static methods send one request without cookies; {@link #agent()} is a user agent with a cookie jar
 * for multi-step browser flows. Requests are awaited on the test thread, never on an event loop, so that flows read
 * top to bottom.
 */
public final class TestHttp {

	private static final HttpClient CLIENT = HttpClient.create().followRedirect(false);

	/** Not what tests measure: generous for a loaded CI machine. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private TestHttp() {
	}

	/** A complete answer. */
	public record Reply(int status, HttpHeaders headers, String body) {

		/** @return the body as a JSON object */
		public Map<String, Object> json() {
			try {
				return JSONObjectUtils.parse(this.body);
			}
			catch (ParseException ex) {
				throw new AssertionError("not JSON (" + this.status + "): " + this.body, ex);
			}
		}

		/** @return the Location header */
		public String location() {
			return this.headers.get("Location");
		}

		/** @return the query (or fragment) parameters of the Location header */
		public Map<String, String> locationParameters() {
			URI uri = URI.create(location());
			return query((uri.getRawQuery() != null) ? uri.getRawQuery() : uri.getRawFragment());
		}

		/** @return the value of a cookie this answer sets, or {@code null} */
		public String cookie(String name) {
			for (String header : this.headers.getAll("Set-Cookie")) {
				if (header.startsWith(name + "=")) {
					return header.substring(name.length() + 1, header.indexOf(';'));
				}
			}
			return null;
		}
	}

	/** @return a user agent with its own cookie jar */
	public static Agent agent() {
		return new Agent();
	}

	public static Mono<Reply> get(String url, Map<String, String> headers) {
		return CLIENT.headers((h) -> headers.forEach(h::set))
			.get()
			.uri(url)
			.responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map((text) -> new Reply(response.status().code(), response.responseHeaders(), text)));
	}

	public static Mono<Reply> post(String url, Map<String, String> headers, String body) {
		return CLIENT.headers((h) -> {
			h.set("Content-Type", "application/x-www-form-urlencoded");
			headers.forEach(h::set);
		})
			.post()
			.uri(url)
			.send(ByteBufFlux.fromString(Mono.just(body)))
			.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map((text) -> new Reply(response.status().code(), response.responseHeaders(), text)));
	}

	public static Reply exchange(Mono<Reply> request) {
		return request.block(TIMEOUT);
	}

	public static Reply getNow(String url) {
		return exchange(get(url, Map.of()));
	}

	public static Reply getNow(String url, Map<String, String> headers) {
		return exchange(get(url, headers));
	}

	public static Reply postNow(String url, Map<String, String> headers, String... keysAndValues) {
		return exchange(post(url, headers, form(keysAndValues)));
	}

	public static String form(String... keysAndValues) {
		StringBuilder form = new StringBuilder();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			if (form.length() > 0) {
				form.append('&');
			}
			form.append(encode(keysAndValues[i])).append('=').append(encode(keysAndValues[i + 1]));
		}
		return form.toString();
	}

	public static Map<String, String> query(String raw) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				String[] parts = pair.split("=", 2);
				parameters.put(decode(parts[0]), (parts.length > 1) ? decode(parts[1]) : "");
			}
		}
		return parameters;
	}

	/** @return client_secret_basic credentials, each part form-encoded (RFC 6749 2.3.1) */
	public static Map<String, String> basic(String id, String secret) {
		String credentials = encode(id) + ":" + encode(secret);
		return Map.of("Authorization",
				"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
	}

	public static Map<String, String> bearer(String token) {
		return Map.of("Authorization", "Bearer " + token);
	}

	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	public static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	/**
	 * A user agent: every cookie an answer sets is sent with its later requests (to any host), a cookie cleared by an
	 * empty value, {@code Max-Age=0} or an expiry in 1970 is dropped; form posts accept JSON.
	 */
	public static final class Agent {

		private final Map<String, String> cookies = new LinkedHashMap<>();

		private Agent() {
		}

		public Reply get(String url) {
			return get(url, Map.of());
		}

		public Reply get(String url, Map<String, String> headers) {
			Map<String, String> all = new LinkedHashMap<>(headers);
			cookieHeader().ifPresent((cookie) -> all.put("Cookie", cookie));
			return remember(exchange(TestHttp.get(url, all)));
		}

		public Reply post(String url, Map<String, String> headers, String... keysAndValues) {
			Map<String, String> all = new LinkedHashMap<>();
			all.put("Accept", "application/json");
			all.putAll(headers);
			cookieHeader().ifPresent((cookie) -> all.put("Cookie", cookie));
			return remember(exchange(TestHttp.post(url, all, form(keysAndValues))));
		}

		public boolean hasCookie(String name) {
			return this.cookies.containsKey(name);
		}

		private Optional<String> cookieHeader() {
			return this.cookies.isEmpty() ? Optional.empty()
					: Optional.of(this.cookies.entrySet()
						.stream()
						.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
						.collect(Collectors.joining("; ")));
		}

		private Reply remember(Reply reply) {
			for (String header : reply.headers().getAll("Set-Cookie")) {
				String pair = header.split(";", 2)[0];
				int equals = pair.indexOf('=');
				String name = pair.substring(0, equals).trim();
				String value = pair.substring(equals + 1).trim();
				String lower = header.toLowerCase(Locale.ROOT);
				boolean expired = lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970");
				if (value.isEmpty() || expired) {
					this.cookies.remove(name);
				}
				else {
					this.cookies.put(name, value);
				}
			}
			return reply;
		}
	}
}
