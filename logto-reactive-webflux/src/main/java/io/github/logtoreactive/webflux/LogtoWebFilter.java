package io.github.logtoreactive.webflux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.web.LogtoRouteHandler;
import io.github.logtoreactive.web.LogtoRoutes;
import io.github.logtoreactive.web.RequestSession;
import io.github.logtoreactive.web.RequestSessions;
import io.github.logtoreactive.web.RouteStatistics;
import io.github.logtoreactive.web.SessionStatistics;
import io.github.logtoreactive.web.SessionStorage;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Logto for Spring WebFlux: one {@link WebFilter} that serves the sign-in, callback, sign-out and user routes, protects
 * configured paths, refreshes the tokens a route needs before its handler runs, and gives every exchange a
 * {@link LogtoClient} bound to that browser's session (as an exchange attribute, in the Reactor Context, and as a
 * controller argument).
 *
 * <p>
 * Routes (paths configurable):
 * <ul>
 * <li>{@code GET /logto/sign-in?postRedirectUri=/path&firstScreen=&identifier=&directSignIn=&loginHint=&organizationId=&uiLocales=&prompt=&interactionMode=&oneTimeToken=}:
 * redirects to Logto. {@code postRedirectUri} must be a same-origin relative path (400 otherwise); every
 * {@link SignInOptionsCustomizer} then adjusts the options.</li>
 * <li>{@code GET /logto/callback}: finishes sign-in and redirects to the post-sign-in target; a refused callback is a
 * 400 page or JSON with the reason, never a 500.</li>
 * <li>{@code POST /logto/sign-out} (and GET when enabled): refused with 403 when another site sent it
 * ({@code Origin}/{@code Referer}/{@code Sec-Fetch-Site}); revokes the refresh token, clears the session, redirects to
 * Logto's end-session endpoint.</li>
 * <li>{@code GET /logto/user}: {@code {"isAuthenticated":..,"claims":{..}}}; tokens only when configured.</li>
 * </ul>
 * Protected paths: a browser ({@code Accept: text/html}) without a session is redirected to sign-in with the original
 * path as {@code postRedirectUri}; other clients get 401 JSON with {@code WWW-Authenticate}. An exchange that already
 * carries a {@link LogtoClient} when it reaches this filter (bound by an earlier filter, as the test support's mock
 * user does) keeps it.
 *
 * <p>
 * The filter only translates between WebFlux and the core: the core's {@link RequestSessions} reads each exchange's
 * session from its cookies and returns the cookies to set, which the filter adds right before the response is
 * committed (changes after that, a refresh inside a streaming body, are kept server-side and adopted by the browser's
 * next request); the core's {@link LogtoRouteHandler} decides what each route and protected path answers. Never
 * blocks. Create it with {@link #builder(LogtoEngine, SessionStorage)}; immutable and thread-safe.
 */
public final class LogtoWebFilter implements WebFilter, Ordered {

	/** The filter's default order: before Spring Security's filter chain (-100). */
	public static final int DEFAULT_ORDER = -200;

	private final LogtoEngine engine;

	private final RequestSessions sessions;

	private final LogtoRouteHandler handler;

	private final LogtoRoutes routes;

	private final PathProtection protection;

	private final int order;

	private LogtoWebFilter(Builder b) {
		this.engine = b.engine;
		this.sessions = RequestSessions.builder(b.engine, b.storage).pendingTtl(b.pendingTtl).build();
		this.handler = b.handler.build();
		this.routes = this.handler.routes();
		this.protection = new PathProtection(b.protectedPaths, b.routeTokens, this.handler);
		this.order = b.order;
	}

	/**
	 * @param engine the engine
	 * @param storage where sessions are kept
	 * @return a builder
	 */
	public static Builder builder(LogtoEngine engine, SessionStorage storage) {
		return new Builder(engine, storage);
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	/**
	 * @return counters since the filter was built (after-commit saves, cookie sizes, refused requests)
	 */
	public Statistics statistics() {
		SessionStatistics sessions = this.sessions.statistics();
		RouteStatistics routes = this.handler.statistics();
		return new Statistics(sessions.afterCommitSaves(), sessions.cookieWrites(), sessions.cookieBytes(),
				sessions.maxCookieBytes(), sessions.maxChunks(), sessions.oversizedSessions(),
				routes.callbackFailures(), routes.refusedCrossSite());
	}

	/**
	 * @return the engine
	 */
	public LogtoEngine engine() {
		return this.engine;
	}

	/**
	 * @return the core's routes, whose error answers {@link LogtoWebExceptionHandler} and
	 * {@link LogtoSecurityResponses} share
	 */
	LogtoRouteHandler handler() {
		return this.handler;
	}

	/**
	 * Answers a request that needs a signed-in user: a browser's GET is redirected to sign-in (back to the original
	 * path afterwards), anything else gets 401. Shared with the Spring Security entry point.
	 * @param exchange the exchange
	 * @return completes when answered
	 */
	Mono<Void> unauthenticated(ServerWebExchange exchange) {
		return AnswerWriter.write(exchange.getResponse(), this.handler.unauthenticated(new ExchangeRequest(exchange)));
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		// an earlier filter (the test support's MockLogtoUser) may have bound a client to this exchange already
		LogtoClient bound = LogtoReactive.client(exchange);
		LogtoClient client = bound != null ? bound : openSession(exchange);
		return route(exchange, chain, client).contextWrite(context -> context.put(LogtoReactive.CLIENT_KEY, client));
	}

	private LogtoClient openSession(ServerWebExchange exchange) {
		RequestSession session = this.sessions.open(ExchangeCookies.of(exchange.getRequest()));
		exchange.getAttributes().put(LogtoReactive.CLIENT_KEY, session.client());
		exchange.getResponse()
			.beforeCommit(() -> Mono.fromRunnable(() -> ExchangeCookies.commit(exchange.getResponse(), session)));
		return session.client();
	}

	private Mono<Void> route(ServerWebExchange exchange, WebFilterChain chain, LogtoClient client) {
		ServerHttpRequest request = exchange.getRequest();
		LogtoRoutes.Route route = this.routes.match(request.getMethod().name(),
				request.getPath().pathWithinApplication().value());
		if (route == null) {
			return this.protection.filter(exchange, chain, client);
		}
		return this.handler.handle(route, new ExchangeRequest(exchange), client)
			.flatMap(answer -> AnswerWriter.write(exchange.getResponse(), answer));
	}

	/**
	 * Counters of a {@link LogtoWebFilter} since it was built.
	 *
	 * @param afterCommitSaves session changes made after their response was committed, kept server-side
	 * @param cookieWrites session cookies written
	 * @param cookieBytes total bytes of session cookie values written
	 * @param maxCookieBytes the largest session cookie value written (all chunks)
	 * @param maxChunks the most chunks a session cookie used
	 * @param oversizedSessions sessions too large for cookies (not written)
	 * @param callbackFailures refused sign-in callbacks
	 * @param refusedCrossSite cross-site sign-out requests refused
	 */
	public record Statistics(long afterCommitSaves, long cookieWrites, long cookieBytes, long maxCookieBytes,
			long maxChunks, long oversizedSessions, long callbackFailures, long refusedCrossSite) {
	}

	/**
	 * Builds a {@link LogtoWebFilter}. Not thread-safe.
	 */
	public static final class Builder {

		private final LogtoEngine engine;

		private final SessionStorage storage;

		private final LogtoRouteHandler.Builder handler = LogtoRouteHandler.builder();

		private final List<PathPattern> protectedPaths = new ArrayList<>();

		private final List<RouteTokenRule> routeTokens = new ArrayList<>();

		private Duration pendingTtl = RequestSessions.DEFAULT_PENDING_TTL;

		private int order = DEFAULT_ORDER;

		private Builder(LogtoEngine engine, SessionStorage storage) {
			this.engine = Objects.requireNonNull(engine, "engine");
			this.storage = Objects.requireNonNull(storage, "storage");
		}

		/**
		 * @param routes the route paths
		 * @return this builder
		 */
		public Builder routes(LogtoRoutes routes) {
			this.handler.routes(routes);
			return this;
		}

		/**
		 * @param baseUrl the public base URL, e.g. {@code https://app.example.com}; when unset, taken from each request
		 * @return this builder
		 * @throws IllegalArgumentException when it is not an absolute URL
		 */
		public Builder baseUrl(@Nullable String baseUrl) {
			this.handler.baseUrl(baseUrl);
			return this;
		}

		/**
		 * @param patterns path patterns that require a signed-in user
		 * @return this builder
		 */
		public Builder protectedPaths(List<String> patterns) {
			this.protectedPaths.clear();
			patterns.forEach(p -> this.protectedPaths.add(PathPatternParser.defaultInstance.parse(p)));
			return this;
		}

		/**
		 * @param rules the tokens routes need, refreshed before their handlers run
		 * @return this builder
		 */
		public Builder routeTokens(List<RouteTokenRule> rules) {
			this.routeTokens.clear();
			this.routeTokens.addAll(rules);
			return this;
		}

		/**
		 * @param ttl how long a session change made after commit is kept for the browser's next request (default
		 * {@link RequestSessions#DEFAULT_PENDING_TTL})
		 * @return this builder
		 */
		public Builder pendingTtl(Duration ttl) {
			this.pendingTtl = Objects.requireNonNull(ttl, "ttl");
			return this;
		}

		/**
		 * @param customizer changes the options of every sign-in after the route read its query; customizers run in
		 * the order added
		 * @return this builder
		 */
		public Builder signInOptionsCustomizer(SignInOptionsCustomizer customizer) {
			Objects.requireNonNull(customizer, "customizer");
			this.handler.signInCustomizer(
					(request, options) -> customizer.customize(((ExchangeRequest) request).exchange(), options));
			return this;
		}

		/**
		 * @param order the filter order (default {@link #DEFAULT_ORDER})
		 * @return this builder
		 */
		public Builder order(int order) {
			this.order = order;
			return this;
		}

		/**
		 * @return the filter
		 */
		public LogtoWebFilter build() {
			return new LogtoWebFilter(this);
		}
	}
}
