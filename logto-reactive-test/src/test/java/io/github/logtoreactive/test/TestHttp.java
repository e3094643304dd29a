package io.github.logtoreactive.test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The protocol tests' HTTP client: Reactor Netty, no redirects followed, no cookie jar. {@link #exchange} waits
 * on the test thread (never on an event loop) so that multi-step flows read top to bottom.
 */
final class TestHttp {

	private static final HttpClient CLIENT = HttpClient.create().followRedirect(false);

	/** A complete answer. */
	record Reply(int status, HttpHeaders headers, String body) {

		Map<String, Object> json() {
			try {
				return JSONObjectUtils.parse(this.body);
			}
			catch (ParseException ex) {
				throw new AssertionError("not JSON: " + this.body, ex);
			}
		}

		String location() {
			return this.headers.get("Location");
		}

		/** @return the query (or fragment) parameters of the Location header */
		Map<String, String> locationParameters() {
			URI uri = URI.create(location());
			String raw = (uri.getRawQuery() != null) ? uri.getRawQuery() : uri.getRawFragment();
			Map<String, String> parameters = new LinkedHashMap<>();
			if (raw != null) {
				for (String pair : raw.split("&")) {
					String[] parts = pair.split("=", 2);
					parameters.put(decode(parts[0]), (parts.length > 1) ? decode(parts[1]) : "");
				}
			}
			return parameters;
		}

		String cookie(String name) {
			for (String header : this.headers.getAll("Set-Cookie")) {
				if (header.startsWith(name + "=")) {
					return header.substring(name.length() + 1, header.indexOf(';'));
				}
			}
			return null;
		}
	}

	private TestHttp() {
	}

	static Mono<Reply> get(String url, Map<String, String> headers) {
		return CLIENT.headers((h) -> headers.forEach(h::set))
			.get()
			.uri(url)
			.responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map((text) -> new Reply(response.status().code(), response.responseHeaders(), text)));
	}

	static Mono<Reply> post(String url, Map<String, String> headers, String body) {
		return CLIENT.headers((h) -> {
			h.set("Content-Type", "application/x-www-form-urlencoded");
			headers.forEach(h::set);
		})
			.post()
			.uri(url)
			.send(reactor.netty.ByteBufFlux.fromString(Mono.just(body)))
			.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map((text) -> new Reply(response.status().code(), response.responseHeaders(), text)));
	}

	static Reply exchange(Mono<Reply> request) {
		return request.block(Duration.ofSeconds(10));
	}

	static Reply getNow(String url) {
		return exchange(get(url, Map.of()));
	}

	static Reply getNow(String url, Map<String, String> headers) {
		return exchange(get(url, headers));
	}

	static Reply postNow(String url, Map<String, String> headers, String... keysAndValues) {
		return exchange(post(url, headers, form(keysAndValues)));
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
