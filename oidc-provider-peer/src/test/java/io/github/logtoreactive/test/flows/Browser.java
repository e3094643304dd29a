package io.github.logtoreactive.test.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * The user agent of the flow tests: Reactor Netty without automatic redirects and with one cookie jar (every cookie
 * goes back to the identity provider, which is the only host it talks to). Each request is awaited on the test's main
 * thread, which is not a Reactor thread, so that the flows read top to bottom; nothing blocks inside an operator.
 */
final class Browser {

	private static final HttpClient CLIENT = HttpClient.create().followRedirect(false);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Pattern FORM_ACTION = Pattern.compile("action=\"([^\"]+)\"");

	private static final Pattern XSRF = Pattern.compile("name=\"xsrf\" value=\"([^\"]+)\"");

	private final Map<String, String> cookies = new LinkedHashMap<>();

	/** A complete answer. */
	record Reply(int status, HttpHeaders headers, String body) {

		Map<String, Object> json() {
			try {
				return JSONObjectUtils.parse(this.body);
			}
			catch (ParseException ex) {
				throw new AssertionError("not JSON (status " + this.status + ")", ex);
			}
		}

		String location() {
			return this.headers.get("Location");
		}
	}

	Reply get(String url) {
		return await(CLIENT.headers(this::cookieHeader)
			.get()
			.uri(url)
			.responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map(text -> new Reply(response.status().code(), response.responseHeaders(), text))));
	}

	/** Posts a form, with HTTP Basic client authentication when {@code basicAuth} is given. */
	Reply post(String url, Map<String, String> basicAuth, String... keysAndValues) {
		String body = form(keysAndValues);
		return await(CLIENT.headers(h -> {
			h.set("Content-Type", "application/x-www-form-urlencoded");
			h.set("Accept", "application/json");
			basicAuth.forEach((id, secret) -> h.set("Authorization", basic(id, secret)));
			cookieHeader(h);
		})
			.post()
			.uri(url)
			.send(ByteBufFlux.fromString(Mono.just(body)))
			.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map(text -> new Reply(response.status().code(), response.responseHeaders(), text))));
	}

	/**
	 * Follows redirects from {@code url} until one leaves the identity provider for {@code target}.
	 * @return the full URL of the redirect to {@code target}, with its query
	 */
	String followUntil(String url, String target) {
		Reply reply = get(url);
		for (int hop = 0; hop < 8; hop++) {
			assertThat(reply.status()).as("hop %s (%s)", hop, reply.body().length() > 300 ? "page" : reply.body())
				.isIn(302, 303);
			String location = URI.create(url).resolve(reply.location()).toString();
			if (location.startsWith(target)) {
				return location;
			}
			url = location;
			reply = get(url);
		}
		throw new AssertionError("no redirect to " + target + " after 8 hops");
	}

	/**
	 * Opens an end-session URL like a browser: the provider answers with Logto's auto-submitting "Sign Out" page,
	 * whose form (xsrf + {@code logout=yes}) is posted as its script would.
	 * @return the answer of the confirm step
	 */
	Reply signOutAt(String endSessionUrl) {
		Reply page = get(endSessionUrl);
		assertThat(page.status()).as("end-session page").isEqualTo(200);
		assertThat(page.body()).contains("<title>Sign Out</title>").contains(".submit()");
		Matcher action = FORM_ACTION.matcher(page.body());
		Matcher xsrf = XSRF.matcher(page.body());
		assertThat(action.find()).as("form action").isTrue();
		assertThat(xsrf.find()).as("xsrf field").isTrue();
		String confirm = URI.create(endSessionUrl).resolve(action.group(1).replace("&amp;", "&")).toString();
		return post(confirm, Map.of(), "xsrf", xsrf.group(1), "logout", "yes");
	}

	private void cookieHeader(HttpHeaders headers) {
		if (!this.cookies.isEmpty()) {
			headers.set("Cookie", this.cookies.entrySet()
				.stream()
				.map(cookie -> cookie.getKey() + "=" + cookie.getValue())
				.collect(Collectors.joining("; ")));
		}
	}

	private Reply await(Mono<Reply> request) {
		Reply reply = request.block(TIMEOUT);
		assertThat(reply).isNotNull();
		for (String header : reply.headers().getAll("Set-Cookie")) {
			String pair = header.split(";", 2)[0];
			int equals = pair.indexOf('=');
			String name = pair.substring(0, equals).trim();
			String value = pair.substring(equals + 1).trim();
			String lower = header.toLowerCase();
			if (value.isEmpty() || lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970")) {
				this.cookies.remove(name);
			}
			else {
				this.cookies.put(name, value);
			}
		}
		return reply;
	}

	static String form(String... keysAndValues) {
		StringBuilder form = new StringBuilder();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			if (form.length() > 0) {
				form.append('&');
			}
			form.append(URLEncoder.encode(keysAndValues[i], StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8));
		}
		return form.toString();
	}

	static Map<String, String> query(URI uri) {
		Map<String, String> parameters = new LinkedHashMap<>();
		String raw = uri.getRawQuery();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				String[] parts = pair.split("=", 2);
				parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
						(parts.length > 1) ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
			}
		}
		return parameters;
	}

	private static String basic(String id, String secret) {
		String credentials = URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(secret, StandardCharsets.UTF_8);
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}
}
