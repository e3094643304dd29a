package io.github.logtoreactive.test.peer;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * A browser-like user agent for the protocol tests: Reactor Netty, no automatic redirects, one cookie jar (names
 * only, every cookie sent to the peer). Requests are built as {@link Mono}s and awaited on the test thread, never
 * on an event loop, so that multi-step flows read top to bottom.
 */
final class PeerHttp {

	private static final HttpClient CLIENT = HttpClient.create().followRedirect(false);

	private final Map<String, String> cookies = new LinkedHashMap<>();

	/** A complete answer. */
	record Reply(int status, HttpHeaders headers, String body) {

		Map<String, Object> json() {
			try {
				return JSONObjectUtils.parse(this.body);
			}
			catch (ParseException ex) {
				throw new AssertionError("not JSON (" + this.status + "): " + this.body, ex);
			}
		}

		String location() {
			return this.headers.get("Location");
		}

		Map<String, String> locationParameters() {
			return query(URI.create(location()).getRawQuery());
		}
	}

	Reply get(String url, Map<String, String> headers) {
		return await(CLIENT.headers((h) -> {
			headers.forEach(h::set);
			cookieHeader(h);
		}).get().uri(url).responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("")
			.map((text) -> new Reply(response.status().code(), response.responseHeaders(), text))));
	}

	Reply get(String url) {
		return get(url, Map.of());
	}

	Reply post(String url, Map<String, String> headers, String... keysAndValues) {
		String body = form(keysAndValues);
		return await(CLIENT.headers((h) -> {
			h.set("Content-Type", "application/x-www-form-urlencoded");
			h.set("Accept", "application/json");
			headers.forEach(h::set);
			cookieHeader(h);
		}).post().uri(url).send(ByteBufFlux.fromString(Mono.just(body))).responseSingle((response, content) -> content
			.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("")
			.map((text) -> new Reply(response.status().code(), response.responseHeaders(), text))));
	}

	private void cookieHeader(HttpHeaders headers) {
		if (!this.cookies.isEmpty()) {
			headers.set("Cookie", this.cookies.entrySet()
				.stream()
				.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
				.collect(Collectors.joining("; ")));
		}
	}

	private Reply await(Mono<Reply> request) {
		Reply reply = request.block(Duration.ofSeconds(10));
		for (String header : reply.headers().getAll("Set-Cookie")) {
			String pair = header.split(";", 2)[0];
			int equals = pair.indexOf('=');
			String name = pair.substring(0, equals).trim();
			String value = pair.substring(equals + 1).trim();
			boolean expired = header.toLowerCase().contains("expires=thu, 01 jan 1970");
			if (value.isEmpty() || expired) {
				this.cookies.remove(name);
			}
			else {
				this.cookies.put(name, value);
			}
		}
		return reply;
	}

	boolean hasCookie(String name) {
		return this.cookies.containsKey(name);
	}

	static String form(String... keysAndValues) {
		StringBuilder form = new StringBuilder();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			if (form.length() > 0) {
				form.append('&');
			}
			form.append(encode(keysAndValues[i])).append('=').append(encode(keysAndValues[i + 1]));
		}
		return form.toString();
	}

	static Map<String, String> query(String raw) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				String[] parts = pair.split("=", 2);
				parameters.put(decode(parts[0]), (parts.length > 1) ? decode(parts[1]) : "");
			}
		}
		return parameters;
	}

	static Map<String, String> basic(String id, String secret) {
		String credentials = encode(id) + ":" + encode(secret);
		return Map.of("Authorization",
				"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
	}

	static Map<String, String> bearer(String token) {
		return Map.of("Authorization", "Bearer " + token);
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}
}
