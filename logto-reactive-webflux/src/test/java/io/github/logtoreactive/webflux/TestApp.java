package io.github.logtoreactive.webflux;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.UserScope;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.web.SessionCoordination;
import io.github.logtoreactive.web.SessionStorage;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.MockServerConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A small WebFlux application under {@link LogtoWebFilter}, bound to a {@link WebTestClient}, with a cookie jar that
 * behaves like a browser's (later {@code Set-Cookie} wins, {@code Max-Age=0} deletes).
 */
final class TestApp {

	static final String BASE = "http://localhost:8080";

	static final String API = "https://api.example.com";

	static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	final LogtoEngine engine;

	final LogtoWebFilter filter;

	final WebTestClient client;

	final Map<String, String> jar = new HashMap<>();

	/** Opened by {@link #openGate()}: the second event of {@code /api/gated-stream} waits for it. */
	private final Sinks.Empty<Void> gate = Sinks.empty();

	TestApp(LogtoTestServer server, SessionStore store) {
		this(server, store, null, Clock.systemUTC());
	}

	/**
	 * An app keeping sessions in cookies, coordinated with the other instances through {@code coordination}.
	 */
	TestApp(LogtoTestServer server, SessionCoordination coordination, Clock clock) {
		this(server, null, coordination, clock);
	}

	private TestApp(LogtoTestServer server, SessionStore store, SessionCoordination coordination, Clock clock) {
		LogtoConfig config = LogtoConfig.builder()
			.endpoint(server.baseUrl())
			.appId("test-app")
			.appSecret("test-secret")
			.scopes(UserScope.EMAIL, UserScope.ROLES, UserScope.ORGANIZATIONS)
			.resources(API)
			.build();
		this.engine = LogtoEngine.builder(config).clock(clock).build();
		CookieSecrets secrets = CookieSecrets.of("test-app", SECRET);
		SessionCookieSettings settings = SessionCookieSettings.builder().secure(false).build();
		TransactionCookieCodec transactions = TransactionCookieCodec.create(secrets, settings);
		SessionStorage cookies = store != null
				? SessionStorage.inStore(store, SessionIdCookieCodec.create(secrets, settings), transactions)
				: coordination != null
						? SessionStorage.inCookies(SessionCookieCodec.create(secrets, settings), transactions,
								coordination)
						: SessionStorage.inCookies(SessionCookieCodec.create(secrets, settings), transactions);
		this.filter = LogtoWebFilter.builder(this.engine, cookies)
			.baseUrl(BASE)
			.protectedPaths(List.of("/api/**", "/dashboard/**"))
			.routeTokens(List.of(RouteTokenRule.of("/api/stream", List.of(io.github.logtoreactive.TokenKey.resource(API)))))
			.build();
		LogtoWebExceptionHandler errors = LogtoWebExceptionHandler.of(this.filter);
		this.client = WebTestClient.bindToWebHandler(RouterFunctions.toWebHandler(routes()))
			.webFilter(this.filter)
			.apply(new MockServerConfigurer() {
				@Override
				public void beforeServerCreated(WebHttpHandlerBuilder builder) {
					// as the auto-configuration does: a LogtoException escaping a handler gets the filter's answer
					builder.exceptionHandler(errors);
				}
			})
			.configureClient()
			.baseUrl(BASE)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	/**
	 * @param extra filters that run after {@link LogtoWebFilter} (e.g. Spring Security's chain)
	 * @return a client for the same app with those filters added
	 */
	WebTestClient withFilters(org.springframework.web.server.WebFilter... extra) {
		java.util.List<org.springframework.web.server.WebFilter> filters = new java.util.ArrayList<>();
		filters.add(this.filter);
		filters.addAll(java.util.List.of(extra));
		return WebTestClient.bindToWebHandler(RouterFunctions.toWebHandler(routes()))
			.webFilter(filters.toArray(org.springframework.web.server.WebFilter[]::new))
			.configureClient()
			.baseUrl(BASE)
			.build();
	}

	/** Lets {@code /api/gated-stream} send its second event. */
	void openGate() {
		this.gate.tryEmitEmpty();
	}

	private RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET("/admin", request -> request.principal()
				.flatMap(principal -> ServerResponse.ok().bodyValue("admin:" + principal.getName())))
			.GET("/", request -> ServerResponse.ok().bodyValue("home"))
			.GET("/dashboard", request -> ServerResponse.ok().bodyValue("dashboard"))
			.GET("/api/me", request -> LogtoReactive.client()
				.flatMap(LogtoClient::getIdTokenClaims)
				.flatMap(claims -> ServerResponse.ok().bodyValue("sub=" + claims.sub())))
			.GET("/api/token", request -> LogtoReactive.client()
				.flatMap(logto -> logto.getAccessTokenClaims(API))
				.flatMap(claims -> ServerResponse.ok().bodyValue(claims.jti() + " " + claims.exp().getEpochSecond())))
			.GET("/api/gated-stream", request -> {
				// One event at once (the response is committed), the next once the test opens the gate.
				Flux<String> body = Flux.concat(Mono.just(0), this.gate.asMono().thenReturn(1))
					.concatMap(n -> LogtoReactive.client()
						.flatMap(logto -> logto.getAccessTokenClaims(API))
						.map(claims -> n + " " + claims.jti()));
				return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(body, String.class);
			})
			.GET("/api/stream", request -> {
				int events = Integer.parseInt(request.queryParam("events").orElse("20"));
				long interval = Long.parseLong(request.queryParam("intervalMs").orElse("100"));
				// Paced with a delay per event (not Flux.interval, which errors when a slow refresh holds up demand).
				Flux<String> body = Flux.range(0, events)
					.concatMap(n -> (n == 0 ? Mono.just(n) : Mono.delay(Duration.ofMillis(interval)).thenReturn(n)))
					.concatMap(n -> LogtoReactive.client()
						.flatMap(logto -> logto.getAccessTokenClaims(API))
						// "at": when the event is written, so that a test checks the token's validity then, not later.
						.map(claims -> "{\"n\":" + n + ",\"at\":" + java.time.Instant.now().getEpochSecond()
								+ ",\"exp\":" + claims.exp().getEpochSecond() + ",\"jti\":\"" + claims.jti() + "\"}"));
				return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(body, String.class);
			})
			.build();
	}

	/** Applies a response's cookies to the jar the way a browser does. */
	void remember(org.springframework.util.MultiValueMap<String, ResponseCookie> cookies) {
		cookies.forEach((name, values) -> {
			ResponseCookie last = values.get(values.size() - 1);
			if (last.getMaxAge().isZero() || last.getValue().isEmpty()) {
				this.jar.remove(name);
			}
			else {
				this.jar.put(name, last.getValue());
			}
		});
	}

	WebTestClient.RequestHeadersSpec<?> get(String uri) {
		// Already-encoded request targets, sent as they are (no URI-template re-encoding).
		return this.client.get().uri(java.net.URI.create(BASE + uri)).cookies(c -> this.jar.forEach(c::add));
	}
}
