package io.github.logtoreactive.web;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * A {@link RouteRequest} for tests: a method, an absolute URI, headers, and a context path.
 */
final class TestRouteRequest implements RouteRequest {

	private final String method;

	private final URI uri;

	private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

	private String contextPath = "";

	TestRouteRequest(String method, String uri) {
		this.method = method;
		this.uri = URI.create(uri);
	}

	/**
	 * @param namesAndValues header names, each followed by its value
	 * @return this request
	 */
	TestRouteRequest header(String... namesAndValues) {
		for (int i = 0; i < namesAndValues.length; i += 2) {
			this.headers.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return this;
	}

	/**
	 * @param path the path the application is deployed under
	 * @return this request
	 */
	TestRouteRequest contextPath(String path) {
		this.contextPath = path;
		return this;
	}

	@Override
	public String contextPath() {
		return this.contextPath;
	}

	@Override
	public String method() {
		return this.method;
	}

	@Override
	public URI uri() {
		return this.uri;
	}

	@Override
	public @Nullable String queryParameter(String name) {
		String query = this.uri.getRawQuery();
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			String key = eq < 0 ? pair : pair.substring(0, eq);
			if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
				return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	@Override
	public @Nullable String header(String name) {
		return this.headers.get(name);
	}
}
