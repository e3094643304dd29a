package io.github.logtoreactive.benchmarks.load;

import java.util.HashMap;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.NotAuthenticatedException;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.web.RequestSession;
import io.github.logtoreactive.web.RequestSessions;
import io.github.logtoreactive.web.SessionStorage;

/**
 * The same {@code GET /claims} as {@link BenchApp}, on a plain Reactor Netty {@link HttpServer} without Spring (rows
 * (n) and (nb) of {@code RequestOverhead netty=1}): what the library's session pipeline costs when no web framework
 * runs around it.
 * <ul>
 * <li>{@code --bench.mode=plain}: fixed claims, like (a);</li>
 * <li>{@code --bench.mode=logto}: the request's session opened from its cookies by the core's {@link RequestSessions}
 * (cookie sessions with the settings and secrets of server (b), so that (b)'s session cookie signs in here too), the
 * ID token's claims read through the request's client, the session's cookies committed before the answer, 401 without
 * a session.</li>
 * </ul>
 * Both answer {@code GET /ping} (Reactor Netty's {@code path()} has no leading slash), and serialize the claims with Jackson, as Spring's encoder does in (a) and (b). Takes
 * {@code --key=value} arguments as {@link AppProcess} passes them, ignoring the Spring ones.
 */
public final class NettyBenchApp {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RequestSessions sessions;

	private NettyBenchApp(RequestSessions sessions) {
		this.sessions = sessions;
	}

	public static void main(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (arg.startsWith("--") && equals > 2) {
				options.put(arg.substring(2, equals), arg.substring(equals + 1));
			}
		}
		HttpServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(Integer.parseInt(options.get("server.port")));
		DisposableServer running;
		if ("logto".equals(options.get("bench.mode"))) {
			LogtoConfig config = LogtoConfig.builder()
				.endpoint(options.get("logto.endpoint"))
				.appId(options.get("logto.app-id"))
				.appSecret(options.get("logto.app-secret"))
				.scopes("email")
				.build();
			CookieSecrets secrets = CookieSecrets.of(config.appId(), options.get("logto.cookie.secret"));
			SessionCookieSettings cookies = SessionCookieSettings.builder().secure(false).build();
			NettyBenchApp app = new NettyBenchApp(RequestSessions.of(LogtoEngine.create(config),
					SessionStorage.inCookies(SessionCookieCodec.create(secrets, cookies),
							TransactionCookieCodec.create(secrets, cookies))));
			running = server.handle(app::signedIn).bindNow();
		}
		else {
			running = server.handle(NettyBenchApp::plain).bindNow();
		}
		running.onDispose().block();
	}

	private static Mono<Void> plain(HttpServerRequest request, HttpServerResponse response) {
		if ("ping".equals(request.path())) {
			return response.sendString(Mono.just("pong")).then();
		}
		return json(response, BenchApp.claims("user-1", "alice@example.com"));
	}

	private Mono<Void> signedIn(HttpServerRequest request, HttpServerResponse response) {
		if ("ping".equals(request.path())) {
			return response.sendString(Mono.just("pong")).then();
		}
		Map<String, String> cookies = new HashMap<>();
		request.allCookies().forEach((name, values) -> cookies.put(name.toString(), values.get(0).value()));
		RequestSession session = this.sessions.open(cookies);
		return session.client()
			.getIdTokenClaims()
			.flatMap(claims -> {
				commit(session, response);
				return json(response, BenchApp.claims(claims.sub(), claims.email()));
			})
			.onErrorResume(NotAuthenticatedException.class, ex -> {
				commit(session, response);
				return response.status(401).send();
			});
	}

	private static void commit(RequestSession session, HttpServerResponse response) {
		for (SetCookie cookie : session.commit()) {
			DefaultCookie netty = new DefaultCookie(cookie.name(), cookie.value());
			netty.setMaxAge(cookie.maxAge().getSeconds());
			netty.setPath(cookie.path());
			netty.setHttpOnly(cookie.httpOnly());
			response.addCookie(netty);
		}
	}

	private static Mono<Void> json(HttpServerResponse response, Object body) {
		return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.sendByteArray(Mono.fromCallable(() -> JSON.writeValueAsBytes(body)))
			.then();
	}
}
