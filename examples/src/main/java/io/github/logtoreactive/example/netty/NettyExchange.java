package io.github.logtoreactive.example.netty;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.web.HttpAnswer;
import io.github.logtoreactive.web.RequestSession;
import io.github.logtoreactive.web.RequestSessions;
import io.github.logtoreactive.web.RouteRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * One request of a plain Reactor Netty server, translated for logto-reactive's core: its cookies into the request's
 * {@link RequestSession}, itself as a {@link RouteRequest}, and the core's {@link HttpAnswer}s (or the application's
 * own bodies) back out, with the session's cookies right before the headers go. All Logto logic stays in the core.
 */
final class NettyExchange implements RouteRequest {

	private final HttpServerRequest request;

	private final HttpServerResponse response;

	private final RequestSession session;

	private final URI uri;

	private final QueryStringDecoder query;

	NettyExchange(HttpServerRequest request, HttpServerResponse response, RequestSessions sessions) {
		this.request = request;
		this.response = response;
		this.session = sessions.open(cookies(request));
		String host = request.hostName().indexOf(':') >= 0 ? "[" + request.hostName() + "]" : request.hostName();
		this.uri = URI.create(request.scheme() + "://" + host + ":" + request.hostPort() + request.uri());
		this.query = new QueryStringDecoder(request.uri());
	}

	/**
	 * @return the client of this request's user agent
	 */
	LogtoClient client() {
		return this.session.client();
	}

	@Override
	public String method() {
		return this.request.method().name();
	}

	@Override
	public URI uri() {
		return this.uri;
	}

	@Override
	public @Nullable String queryParameter(String name) {
		List<String> values = this.query.parameters().get(name);
		return values == null || values.isEmpty() ? null : values.get(0);
	}

	@Override
	public @Nullable String header(String name) {
		return this.request.requestHeaders().get(name);
	}

	/**
	 * @param answer what the core answered
	 * @return completes when sent
	 */
	Mono<Void> send(HttpAnswer answer) {
		if (answer.location() != null) {
			this.response.header(HttpHeaderNames.LOCATION, answer.location());
		}
		if (answer.wwwAuthenticate() != null) {
			this.response.header(HttpHeaderNames.WWW_AUTHENTICATE, answer.wwwAuthenticate());
		}
		return send(answer.status(), answer.contentType(), answer.body());
	}

	/**
	 * @param status the status
	 * @param contentType the body's type, or {@code null} without a body
	 * @param body the body, or {@code null}
	 * @return completes when sent, the session's cookies with it
	 */
	Mono<Void> send(int status, @Nullable String contentType, @Nullable String body) {
		this.response.status(status).header(HttpHeaderNames.CACHE_CONTROL, HttpAnswer.CACHE_CONTROL);
		for (SetCookie cookie : this.session.commit()) {
			this.response.addCookie(toNettyCookie(cookie));
		}
		if (contentType == null || body == null) {
			return this.response.send().then();
		}
		this.response.header(HttpHeaderNames.CONTENT_TYPE, contentType);
		return this.response.sendByteArray(Mono.just(body.getBytes(StandardCharsets.UTF_8))).then();
	}

	private static Map<String, String> cookies(HttpServerRequest request) {
		Map<String, String> cookies = new HashMap<>();
		request.allCookies().forEach((name, values) -> cookies.put(name.toString(), values.get(0).value()));
		return cookies;
	}

	private static Cookie toNettyCookie(SetCookie cookie) {
		DefaultCookie netty = new DefaultCookie(cookie.name(), cookie.value());
		netty.setMaxAge(cookie.maxAge().getSeconds());
		netty.setPath(cookie.path());
		netty.setDomain(cookie.domain());
		netty.setSecure(cookie.secure());
		netty.setHttpOnly(cookie.httpOnly());
		netty.setSameSite(CookieHeaderNames.SameSite.valueOf(cookie.sameSite().attribute()));
		return netty;
	}
}
