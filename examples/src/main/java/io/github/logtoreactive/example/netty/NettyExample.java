package io.github.logtoreactive.example.netty;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoHttpError;
import io.github.logtoreactive.NotAuthenticatedException;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.web.LogtoRouteHandler;
import io.github.logtoreactive.web.LogtoRoutes;
import io.github.logtoreactive.web.RequestSessions;
import io.github.logtoreactive.web.SessionStorage;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Logto on a plain Reactor Netty {@link HttpServer}, without Spring: the sign-in, callback and sign-out routes, and
 * {@code GET /me}, the signed-in user's ID-token claims as JSON (a browser that is not signed in is sent to sign in
 * first, other clients get 401). Everything about sessions and Logto's routes is the core's; {@link NettyExchange}
 * only translates.
 */
public final class NettyExample {

	private final RequestSessions sessions;

	private final LogtoRouteHandler logto;

	/**
	 * @param config the Logto application
	 * @param cookieSecret the secret the session cookies are encrypted with (at least 32 characters)
	 * @param baseUrl the server's public base URL, e.g. {@code http://127.0.0.1:8080}
	 */
	public NettyExample(LogtoConfig config, String cookieSecret, String baseUrl) {
		CookieSecrets secrets = CookieSecrets.of(config.appId(), cookieSecret);
		SessionCookieSettings cookies = SessionCookieSettings.builder().secure(baseUrl.startsWith("https:")).build();
		this.sessions = RequestSessions.of(LogtoEngine.create(config), SessionStorage.inCookies(
				SessionCookieCodec.create(secrets, cookies), TransactionCookieCodec.create(secrets, cookies)));
		this.logto = LogtoRouteHandler.builder().baseUrl(baseUrl).build();
	}

	/**
	 * @param port the port to listen on, 0 for any
	 * @return the running server
	 */
	public DisposableServer start(int port) {
		return HttpServer.create()
			.port(port)
			// Every session cookie chunk comes back with each request: 4 chunks of 4 KB, and the other headers.
			.httpRequestDecoder(spec -> spec.maxHeaderSize(24 * 1024))
			.handle(this::handle)
			.bindNow();
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		NettyExchange exchange = new NettyExchange(request, response, this.sessions);
		LogtoRoutes.Route route = this.logto.routes().match(exchange.method(), exchange.path());
		if (route != null) {
			return this.logto.handle(route, exchange, exchange.client()).flatMap(exchange::send);
		}
		if ("/me".equals(exchange.path())) {
			return me(exchange);
		}
		return response.sendNotFound();
	}

	private Mono<Void> me(NettyExchange exchange) {
		return exchange.client()
			.getIdTokenClaims()
			.flatMap(claims -> exchange.send(200, "application/json", JSONObjectUtils.toJSONString(claims.claims())))
			.onErrorResume(NotAuthenticatedException.class, ex -> exchange.send(this.logto.unauthenticated(exchange)))
			.onErrorResume(LogtoException.class,
					ex -> exchange.send(this.logto.errors().answer(exchange, LogtoHttpError.of(ex))));
	}

	/**
	 * Runs against the Logto application named by {@code LOGTO_ENDPOINT}, {@code LOGTO_APP_ID},
	 * {@code LOGTO_APP_SECRET} and {@code LOGTO_COOKIE_SECRET}, on {@code SERVER_PORT} (default 8080) with the base
	 * URL {@code LOGTO_BASE_URL} (default {@code http://localhost:<port>}), as the Spring example reads them; register
	 * {@code <base>/logto/callback} as the application's redirect URI and {@code <base>/} as its post sign-out URI.
	 * @param args none
	 */
	public static void main(String[] args) {
		int port = Integer.parseInt(System.getenv().getOrDefault("SERVER_PORT", "8080"));
		String baseUrl = System.getenv().getOrDefault("LOGTO_BASE_URL", "http://localhost:" + port);
		LogtoConfig config = LogtoConfig.builder()
			.endpoint(required("LOGTO_ENDPOINT"))
			.appId(required("LOGTO_APP_ID"))
			.appSecret(required("LOGTO_APP_SECRET"))
			.build();
		new NettyExample(config, required("LOGTO_COOKIE_SECRET"), baseUrl).start(port).onDispose().block();
	}

	private static String required(String variable) {
		String value = System.getenv(variable);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("Set the environment variable " + variable);
		}
		return value;
	}
}
