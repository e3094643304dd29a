package io.github.logtoreactive.test.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A complete HTTP answer (status, headers, body) built by an endpoint and written by {@link OidcServer}. */
final class HttpReply {

	private final int status;
	private final Map<String, List<String>> headers = new LinkedHashMap<>();
	private final String body;

	private HttpReply(int status, String contentType, String body) {
		this.status = status;
		this.body = body;
		if (contentType != null) {
			header("Content-Type", contentType);
		}
	}

	static HttpReply json(int status, Map<String, ?> body) {
		return new HttpReply(status, "application/json; charset=utf-8", Json.write(body));
	}

	static HttpReply rawJson(int status, String body) {
		return new HttpReply(status, "application/json; charset=utf-8", body);
	}

	static HttpReply html(int status, String body) {
		return new HttpReply(status, "text/html; charset=utf-8", body);
	}

	static HttpReply empty(int status) {
		return new HttpReply(status, null, null);
	}

	/** A 303 See Other, the status oidc-provider uses for authorization responses and redirects. */
	static HttpReply seeOther(String location) {
		return new HttpReply(303, null, null).header("Location", location);
	}

	HttpReply header(String name, String value) {
		this.headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		return this;
	}

	HttpReply noStore() {
		return header("Cache-Control", "no-store");
	}

	int status() {
		return this.status;
	}

	Map<String, List<String>> headers() {
		return this.headers;
	}

	String body() {
		return this.body;
	}

	byte[] bodyBytes() {
		return (this.body != null) ? this.body.getBytes(StandardCharsets.UTF_8) : new byte[0];
	}
}
