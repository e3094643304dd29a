package io.github.logtoreactive.webflux;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.web.RequestSession;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.MultiValueMap;

/**
 * Translates cookies between WebFlux and the core's session pipeline: a request's cookies in (name to first value),
 * a {@link RequestSession}'s typed {@link SetCookie}s out as {@link ResponseCookie}s, attribute for attribute. Never
 * blocks.
 */
final class ExchangeCookies {

	private ExchangeCookies() {
	}

	/**
	 * @param request a request
	 * @return its cookies, name to the first value sent under that name
	 */
	static Map<String, String> of(ServerHttpRequest request) {
		MultiValueMap<String, HttpCookie> cookies = request.getCookies();
		if (cookies.isEmpty()) {
			return Map.of();
		}
		Map<String, String> values = new HashMap<>();
		for (Map.Entry<String, List<HttpCookie>> entry : cookies.entrySet()) {
			if (!entry.getValue().isEmpty()) {
				values.put(entry.getKey(), entry.getValue().get(0).getValue());
			}
		}
		return values;
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
