package io.github.logtoreactive.webflux;

import java.util.List;
import java.util.Map;

import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.web.RequestSession;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Translates cookies between WebFlux and the core's session pipeline: a request's cookies in (name to first value),
 * a {@link RequestSession}'s typed {@link SetCookie}s out as {@link ResponseCookie}s, attribute for attribute. Never
 * blocks.
 */
final class ExchangeCookies {

	private ExchangeCookies() {
	}

	/**
	 * Reads the request's {@code Cookie} headers directly, as Reactor Netty's default (strict) cookie decoder does
	 * (Spring's {@code getCookies()} is that decoder's result), without its per-cookie objects and the copy of its
	 * multi-value map, and only when the request's session is first read ({@link RequestCookies}): the cookies of
	 * every signed-in request are read here, and that parsing and copying were the filter's largest cost in the load
	 * test's profile (BENCHMARKS.md). {@code RequestCookieHeaderTests} checks that both read the same cookies.
	 * @param request a request
	 * @return its cookies, name to the first value sent under that name
	 */
	static Map<String, String> of(ServerHttpRequest request) {
		List<String> headers = request.getHeaders().get(HttpHeaders.COOKIE);
		if (headers == null || headers.isEmpty()) {
			return Map.of();
		}
		return new RequestCookies(headers);
	}

	/**
	 * Adds the cookies a request's session must set; called once, right before the response is committed.
	 * @param response the response
	 * @param session the request's session
	 */
	static void commit(ServerHttpResponse response, RequestSession session) {
		for (SetCookie cookie : session.commit()) {
			response.addCookie(toResponseCookie(cookie));
		}
	}

	/**
	 * @param cookie a cookie the codecs built (and measured as it goes on the wire)
	 * @return the same cookie for WebFlux, attribute for attribute
	 */
	static ResponseCookie toResponseCookie(SetCookie cookie) {
		return ResponseCookie.from(cookie.name(), cookie.value())
			.maxAge(cookie.maxAge())
			.path(cookie.path())
			.domain(cookie.domain())
			.secure(cookie.secure())
			.httpOnly(cookie.httpOnly())
			.sameSite(cookie.sameSite().attribute())
			.build();
	}
}
