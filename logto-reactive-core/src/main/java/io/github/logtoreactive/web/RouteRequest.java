package io.github.logtoreactive.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP request as {@link LogtoRouteHandler} reads it. An integration implements it over its server's request type
 * (a thin view: every method reads the request it wraps); nothing here is specific to Logto.
 */
public interface RouteRequest {

	/**
	 * @return the method, upper case, e.g. {@code GET}
	 */
	String method();

	/**
	 * @return the request's URI as the server received it, absolute (scheme, host, port, path, query); its origin is
	 * the application's when no base URL is configured
	 */
	URI uri();

	/**
	 * @return the first value of a query parameter, decoded, or {@code null} when the request has none
	 * @param name the parameter's name
	 */
	@Nullable String queryParameter(String name);

	/**
	 * @return the first value of a header, or {@code null} when the request has none
	 * @param name the header's name, matched without regard to case
	 */
	@Nullable String header(String name);

	/**
	 * @return the path the application is deployed under, e.g. {@code /app}; {@code ""} (the default) at the root
	 */
	default String contextPath() {
		return "";
	}

	/**
	 * @return the path within the application as received (still percent-encoded), e.g. {@code /logto/sign-in}; by
	 * default the URI's path without the {@link #contextPath()}
	 */
	default String path() {
		String path = uri().getRawPath();
		return path.substring(Math.min(contextPath().length(), path.length()));
	}

	/**
	 * @return whether the client asked for HTML explicitly (a browser's navigation), not just {@code *}{@code /*}: by
	 * default, whether {@code Accept} names {@code text/html} or {@code text/*}
	 */
	default boolean prefersHtml() {
		return AcceptHeader.namesHtml(header("Accept"));
	}
}
