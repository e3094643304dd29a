package io.github.logtoreactive.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.github.logtoreactive.LogtoConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * The application's own URLs: its base URL (configured, or the origin a request was sent to), the redirect URI Logto
 * sends the browser back to, and the sign-in route's URL for a request that must sign in first. Immutable.
 */
final class AppUrls {

	private final @Nullable String baseUrl;

	private final LogtoRoutes routes;

	/**
	 * @param baseUrl the configured base URL, already {@link #normalizeBaseUrl normalized}, or {@code null} to take it
	 * from each request
	 * @param routes the routes
	 */
	AppUrls(@Nullable String baseUrl, LogtoRoutes routes) {
		this.baseUrl = baseUrl;
		this.routes = routes;
	}

	/**
	 * @param baseUrl a base URL as configured, e.g. {@code https://app.example.com/}
	 * @return it without surrounding blanks and trailing slashes
	 * @throws IllegalArgumentException when it is not an absolute URL with a host
	 */
	static String normalizeBaseUrl(String baseUrl) {
		String trimmed = baseUrl.trim();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		URI uri = URI.create(trimmed);
		if (!uri.isAbsolute() || uri.getHost() == null) {
			throw new IllegalArgumentException("baseUrl must be an absolute URL, e.g. https://app.example.com");
		}
		return trimmed;
	}

	/**
	 * @param request a request
	 * @return the configured base URL, else the request's origin ({@code scheme://host[:port]}, default port dropped)
	 * @throws LogtoConfigurationException when neither is known: a request without a host (a test client bound to
	 * the application without a base URL) would otherwise send Logto {@code http://null/...}
	 */
	String baseUrl(RouteRequest request) {
		if (this.baseUrl != null) {
			return this.baseUrl;
		}
		URI uri = request.uri();
		if (uri.getHost() == null) {
			throw new LogtoConfigurationException("baseUrl", "the request to " + uri.getRawPath()
					+ " names no host to build the redirect URI from (a WebTestClient bound to the application "
					+ "without a base URL?): set logto.base-url (LogtoWebFilter.Builder#baseUrl), e.g. "
					+ "http://localhost:8080");
		}
		String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
		int port = uri.getPort();
		boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80)
				|| ("https".equals(scheme) && port == 443);
		return scheme + "://" + uri.getHost() + (defaultPort ? "" : ":" + port);
	}

	/**
	 * @param request a request
	 * @return the realm of {@code WWW-Authenticate}: the base URL, or empty when the request names no host
	 */
	String realm(RouteRequest request) {
		return this.baseUrl == null && request.uri().getHost() == null ? "" : baseUrl(request);
	}

	/**
	 * @param request a request
	 * @return the callback route's absolute URL: the redirect URI registered in Logto
	 */
	String redirectUri(RouteRequest request) {
		return baseUrl(request) + request.contextPath() + this.routes.callback();
	}

	/**
	 * @param request a request to the callback route
	 * @return its full URL, query included, as Logto sent the browser to it
	 */
	String callbackUri(RouteRequest request) {
		String query = request.uri().getRawQuery();
		return redirectUri(request) + (query == null ? "" : "?" + query);
	}

	/**
	 * @param request a request
	 * @param target a post-sign-in target, possibly absolute on this application
	 * @return the target relative to the base URL when it is on it, else the target
	 */
	String localPart(RouteRequest request, String target) {
		String base = baseUrl(request);
		if (target.startsWith(base + "/")) {
			return target.substring(base.length());
		}
		return target;
	}

	/**
	 * @param request a request
	 * @return where Logto sends the browser after sign-out
	 */
	String postSignOutRedirect(RouteRequest request) {
		String configured = this.routes.postSignOutRedirect();
		return configured != null ? configured : baseUrl(request) + "/";
	}

	/**
	 * @param request a request that needs a signed-in user
	 * @return the sign-in route, coming back to the request's path and query afterwards
	 */
	String signInFor(RouteRequest request) {
		String query = request.uri().getRawQuery();
		String target = request.path() + (query == null ? "" : "?" + query);
		return signInPath(request) + "?postRedirectUri=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
	}

	/**
	 * @return the sign-in route's path within the application, e.g. {@code /logto/sign-in}
	 */
	String signInRoute() {
		return this.routes.signIn();
	}

	/**
	 * @param request a request
	 * @return the sign-in route's path, context path included
	 */
	String signInPath(RouteRequest request) {
		return request.contextPath() + this.routes.signIn();
	}
}
