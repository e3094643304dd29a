package io.github.logtoreactive.test.internal;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;

/**
 * A parsed request: method, path, query, body parameters (form-urlencoded, or JSON rewritten to parameters as
 * Logto does), headers and cookies.
 */
final class InboundRequest {

	private final String method;
	private final String path;
	private final Map<String, List<String>> query;
	private final Map<String, List<String>> body;
	private final HttpHeaders headers;
	private final Map<String, String> cookies;

	private InboundRequest(String method, String path, Map<String, List<String>> query,
			Map<String, List<String>> body, HttpHeaders headers) {
		this.method = method;
		this.path = path;
		this.query = query;
		this.body = body;
		this.headers = headers;
		Map<String, String> parsedCookies = new LinkedHashMap<>();
		for (String header : headers.getAll("Cookie")) {
			for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
				parsedCookies.putIfAbsent(cookie.name(), cookie.value());
			}
		}
		this.cookies = parsedCookies;
	}

	/**
	 * @param method the HTTP method
	 * @param uri the request URI (path and query)
	 * @param headers the request headers
	 * @param rawBody the request body, empty when there is none
	 * @return the parsed request
	 * @throws OidcException for a body with NUL bytes or malformed JSON
	 */
	static InboundRequest parse(String method, String uri, HttpHeaders headers, String rawBody) {
		QueryStringDecoder decoder = new QueryStringDecoder(uri, StandardCharsets.UTF_8);
		Map<String, List<String>> body = Collections.emptyMap();
		if (!rawBody.isEmpty()) {
			if (rawBody.indexOf('\0') >= 0) {
				throw OidcException.invalidRequest("null bytes are not allowed in the request body");
			}
			String contentType = headers.get("Content-Type", "").toLowerCase(Locale.ROOT);
			body = contentType.startsWith("application/json") ? jsonParameters(rawBody)
					: new QueryStringDecoder(rawBody, StandardCharsets.UTF_8, false).parameters();
		}
		return new InboundRequest(method, decoder.path(), decoder.parameters(), body, headers);
	}

	private static Map<String, List<String>> jsonParameters(String rawBody) {
		Map<String, Object> json;
		try {
			json = Json.read(rawBody);
		}
		catch (ParseException ex) {
			throw OidcException.invalidRequest("failed to parse the request body");
		}
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		json.forEach((name, value) -> {
			List<String> values = new ArrayList<>();
			if (value instanceof List<?> list) {
				list.forEach((item) -> values.add(String.valueOf(item)));
			}
			else if (value != null) {
				values.add(String.valueOf(value));
			}
			parameters.put(name, values);
		});
		return parameters;
	}

	String method() {
		return this.method;
	}

	String path() {
		return this.path;
	}

	boolean isPost() {
		return "POST".equals(this.method);
	}

	/** @return the body parameters for POST, the query parameters otherwise */
	Map<String, List<String>> parameters() {
		return isPost() ? this.body : this.query;
	}

	Map<String, List<String>> query() {
		return this.query;
	}

	String header(String name) {
		return this.headers.get(name);
	}

	String cookie(String name) {
		return this.cookies.get(name);
	}

	/** @return whether {@code ?parse_error=false} asks for oidc-provider's raw error body */
	boolean wantsRawErrors() {
		List<String> values = this.query.get("parse_error");
		return values != null && values.contains("false");
	}
}
