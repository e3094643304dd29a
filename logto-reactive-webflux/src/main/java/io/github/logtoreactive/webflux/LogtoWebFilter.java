package io.github.logtoreactive.webflux;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.DirectSignIn;
import io.github.logtoreactive.FirstScreen;
import io.github.logtoreactive.Identifier;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoHttpError;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.SignInOptions;
import io.github.logtoreactive.TokenKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
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
 * Session changes are written once per request, right before the response is committed; changes after that (a refresh
 * inside a streaming body) are kept server-side and adopted by the browser's next request. Never blocks. Create it
 * with {@link #builder(LogtoEngine, SessionCookies)}; immutable and thread-safe.
 */
public final class LogtoWebFilter implements WebFilter, Ordered {

	/** The filter's default order: before Spring Security's filter chain (-100). */
	public static final int DEFAULT_ORDER = -200;

	private static final Logger logger = LoggerFactory.getLogger(LogtoWebFilter.class);

	private final LogtoEngine engine;

	private final SessionCookies cookies;

	private final LogtoRoutes routes;

	private final @Nullable String baseUrl;

	private final List<PathPattern> protectedPaths;

	private final List<RouteTokenRule> routeTokens;

	private final Duration pendingTtl;

	private final Clock clock;

	private final int order;

	private final List<SignInOptionsCustomizer> signInCustomizers;

	private final FilterStatistics statistics = new FilterStatistics();

	private final ErrorResponseWriter errors;

	private LogtoWebFilter(Builder b) {
		this.engine = b.engine;
		this.cookies = b.cookies;
		this.routes = b.routes;
		this.baseUrl = b.baseUrl;
		this.protectedPaths = List.copyOf(b.protectedPaths);
		this.routeTokens = List.copyOf(b.routeTokens);
		this.pendingTtl = b.pendingTtl;
		this.clock = b.clock;
		this.order = b.order;
		this.signInCustomizers = List.copyOf(b.signInCustomizers);
		this.errors = new ErrorResponseWriter(this.routes.signIn(), this::realm);
	}

	/**
	 * @param engine the engine
	 * @param cookies where sessions are kept
	 * @return a builder
	 */
	public static Builder builder(LogtoEngine engine, SessionCookies cookies) {
		return new Builder(engine, cookies);
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	/**
	 * @return counters since the filter was built (after-commit saves, cookie sizes, refused requests)
	 */
	public Statistics statistics() {
		return this.statistics.snapshot();
	}

	/**
	 * @return the engine
	 */
	public LogtoEngine engine() {
		return this.engine;
	}

	/**
	 * @return the writer of this filter's error responses, shared with {@link LogtoWebExceptionHandler}
	 */
	ErrorResponseWriter errorResponses() {
		return this.errors;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		LogtoClient bound = LogtoReactive.client(exchange);
		if (bound != null) {
			// an earlier filter (the test support's MockLogtoUser) already bound a client to this exchange
			return route(exchange, chain, bound).contextWrite(context -> context.put(LogtoReactive.CLIENT_KEY, bound));
		}
		ExchangeSessionBinding binding = new ExchangeSessionBinding(exchange, this.engine, this.cookies, this.clock,
				this.pendingTtl, this.statistics);
		LogtoClient client = this.engine.client(binding);
		exchange.getAttributes().put(LogtoReactive.CLIENT_KEY, client);
		exchange.getResponse().beforeCommit(() -> binding.commit(exchange.getResponse()));
		return route(exchange, chain, client).contextWrite(context -> context.put(LogtoReactive.CLIENT_KEY, client));
	}

	private Mono<Void> route(ServerWebExchange exchange, WebFilterChain chain, LogtoClient client) {
		ServerHttpRequest request = exchange.getRequest();
		String path = request.getPath().pathWithinApplication().value();
		HttpMethod method = request.getMethod();
		if (path.equals(this.routes.signIn()) && HttpMethod.GET.equals(method)) {
			return guard(exchange, Mono.defer(() -> signIn(exchange, client)), LogtoHttpError::of);
		}
		if (path.equals(this.routes.callback()) && HttpMethod.GET.equals(method)) {
			return guard(exchange, Mono.defer(() -> callback(exchange, client)), LogtoHttpError::ofSignInCallback);
		}
		if (path.equals(this.routes.signOut())
				&& (HttpMethod.POST.equals(method) || (this.routes.signOutGet() && HttpMethod.GET.equals(method)))) {
			return guard(exchange, Mono.defer(() -> signOut(exchange, client)), LogtoHttpError::of);
		}
		if (path.equals(this.routes.user()) && HttpMethod.GET.equals(method)) {
			return guard(exchange, user(exchange, client), LogtoHttpError::of);
		}
		return protect(exchange, client, path).flatMap(allowed -> allowed
				? prefetchTokens(client, path).then(chain.filter(exchange)) : Mono.empty());
	}

	// ---- sign-in ----

	private Mono<Void> signIn(ServerWebExchange exchange, LogtoClient client) {
		MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
		String target = query.getFirst("postRedirectUri");
		String postRedirect = this.routes.postSignInRedirect();
		if (target != null && !target.isEmpty()) {
			postRedirect = RedirectTargets.sanitize(target);
			if (postRedirect == null) {
				return error(exchange, HttpStatus.BAD_REQUEST, "invalid_redirect",
						"postRedirectUri must be a relative path on this site, e.g. /dashboard");
			}
		}
		SignInOptions options;
		try {
			options = signInOptions(exchange, query, postRedirect);
		}
		catch (IllegalArgumentException ex) {
			return error(exchange, HttpStatus.BAD_REQUEST, "invalid_sign_in_option", ex.getMessage());
		}
		return client.signIn(options).flatMap(request -> redirect(exchange, HttpStatus.FOUND, request.authorizationUri().toString()));
	}

	private SignInOptions signInOptions(ServerWebExchange exchange, MultiValueMap<String, String> query,
			String postRedirect) {
		SignInOptions.Builder builder = SignInOptions.builder(redirectUri(exchange)).postRedirectUri(postRedirect);
		String firstScreen = query.getFirst("firstScreen");
		if (firstScreen != null && !firstScreen.isEmpty()) {
			builder.firstScreen(FirstScreen.fromValue(firstScreen));
		}
		String identifier = query.getFirst("identifier");
		if (identifier != null && !identifier.isBlank()) {
			List<Identifier> identifiers = new ArrayList<>();
			for (String value : identifier.split("[,\\s]+")) {
				if (!value.isEmpty()) {
					identifiers.add(Identifier.fromValue(value));
				}
			}
			builder.identifiers(identifiers.toArray(Identifier[]::new));
		}
		String directSignIn = query.getFirst("directSignIn");
		if (directSignIn != null && !directSignIn.isEmpty()) {
			builder.directSignIn(DirectSignIn.parse(directSignIn));
		}
		builder.loginHint(emptyToNull(query.getFirst("loginHint")));
		builder.organizationId(emptyToNull(query.getFirst("organizationId")));
		builder.uiLocales(emptyToNull(query.getFirst("uiLocales")));
		builder.oneTimeToken(emptyToNull(query.getFirst("oneTimeToken")));
		SignInQuery.applyPromptAndInteractionMode(query, builder);
		this.signInCustomizers.forEach(customizer -> customizer.customize(exchange, builder));
		return builder.build();
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return value == null || value.isEmpty() ? null : value;
	}

	// ---- callback ----

	private Mono<Void> callback(ServerWebExchange exchange, LogtoClient client) {
		String query = exchange.getRequest().getURI().getRawQuery();
		String callbackUri = redirectUri(exchange) + (query == null ? "" : "?" + query);
		return client.handleSignInCallback(callbackUri).flatMap(result -> {
			String target = result.postRedirectUri() == null ? null : RedirectTargets.sanitize(localPart(exchange, result.postRedirectUri()));
			return redirect(exchange, HttpStatus.FOUND, target != null ? target : this.routes.postSignInRedirect());
		}).doOnError(LogtoException.class, ex -> this.statistics.callbackFailures.incrementAndGet());
	}

	private String localPart(ServerWebExchange exchange, String target) {
		String base = baseUrl(exchange);
		if (target.startsWith(base + "/")) {
			return target.substring(base.length());
		}
		return target;
	}

	// ---- sign-out ----

	private Mono<Void> signOut(ServerWebExchange exchange, LogtoClient client) {
		if (!SameOriginCheck.isSameOrigin(exchange.getRequest(), SameOriginCheck.normalize(baseUrl(exchange)))) {
			this.statistics.refusedCrossSite.incrementAndGet();
			return error(exchange, HttpStatus.FORBIDDEN, "cross_site_request",
					"sign-out must be sent from this site");
		}
		String postLogout = this.routes.postSignOutRedirect() != null ? this.routes.postSignOutRedirect()
				: baseUrl(exchange) + "/";
		HttpStatus status = HttpMethod.POST.equals(exchange.getRequest().getMethod()) ? HttpStatus.SEE_OTHER
				: HttpStatus.FOUND;
		return client.signOut(postLogout).flatMap(url -> redirect(exchange, status, url));
	}

	// ---- user ----

	private Mono<Void> user(ServerWebExchange exchange, LogtoClient client) {
		return client.isAuthenticated().flatMap(authenticated -> {
			if (!authenticated) {
				return json(exchange, HttpStatus.OK, Map.of("isAuthenticated", false));
			}
			return client.getIdTokenClaims().flatMap(claims -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("isAuthenticated", true);
				body.put("claims", claims.claims());
				if (!this.routes.exposeTokens()) {
					return json(exchange, HttpStatus.OK, body);
				}
				return client.getIdToken().flatMap(idToken -> {
					body.put("idToken", idToken);
					return client.getAccessToken().map(accessToken -> {
						body.put("accessToken", accessToken);
						return body;
					}).onErrorResume(LogtoException.class, ex -> Mono.just(body));
				}).flatMap(full -> json(exchange, HttpStatus.OK, full));
			});
		});
	}

	// ---- protection and route tokens ----

	private Mono<Boolean> protect(ServerWebExchange exchange, LogtoClient client, String path) {
		PathContainer container = PathContainer.parsePath(path);
		boolean isProtected = this.protectedPaths.stream().anyMatch(p -> p.matches(container));
		if (!isProtected) {
			return Mono.just(Boolean.TRUE);
		}
		return client.isAuthenticated()
			.flatMap(authenticated -> authenticated ? Mono.just(Boolean.TRUE)
					: unauthenticated(exchange).thenReturn(Boolean.FALSE))
			.onErrorResume(SessionStoreException.class,
					ex -> this.errors.write(exchange, LogtoHttpError.of(ex)).thenReturn(Boolean.FALSE));
	}

	/**
	 * Answers a request that needs a signed-in user: a browser's GET is redirected to sign-in (back to the original
	 * path afterwards), anything else gets 401. Shared with the Spring Security entry point.
	 * @param exchange the exchange
	 * @return completes when answered
	 */
	Mono<Void> unauthenticated(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		if (ErrorResponseWriter.prefersHtml(request) && HttpMethod.GET.equals(request.getMethod())) {
			String original = request.getPath().pathWithinApplication().value();
			String query = request.getURI().getRawQuery();
			String target = original + (query == null ? "" : "?" + query);
			String location = request.getPath().contextPath().value() + this.routes.signIn() + "?postRedirectUri="
					+ java.net.URLEncoder.encode(target, StandardCharsets.UTF_8);
			return redirect(exchange, HttpStatus.FOUND, location);
		}
		return error(exchange, HttpStatus.UNAUTHORIZED, "not_authenticated", "sign in to use this resource");
	}

	private Mono<Void> prefetchTokens(LogtoClient client, String path) {
		if (this.routeTokens.isEmpty()) {
			return Mono.empty();
		}
		PathContainer container = PathContainer.parsePath(path);
		List<TokenKey> needed = new ArrayList<>();
		for (RouteTokenRule rule : this.routeTokens) {
			if (rule.matches(container)) {
				needed.addAll(rule.tokens());
			}
		}
		if (needed.isEmpty()) {
			return Mono.empty();
		}
		return client.isAuthenticated().flatMap(authenticated -> !authenticated ? Mono.empty()
				: Flux.fromIterable(needed)
					.concatMap(key -> client.getAccessToken(key.resource(), key.organizationId())
						.onErrorResume(LogtoException.class, ex -> {
							logger.debug("Could not prepare the {} token before the handler: {}", key, ex.code());
							return Mono.empty();
						}))
					.then());
	}

	// ---- rendering ----

	private Mono<Void> guard(ServerWebExchange exchange, Mono<Void> route,
			Function<LogtoException, LogtoHttpError> mapping) {
		return route.onErrorResume(LogtoException.class, ex -> {
			LogtoHttpError error = mapping.apply(ex);
			if (error.isServerError()) {
				logger.warn("Logto route {} failed: {}", exchange.getRequest().getPath().value(), ex.getMessage());
			}
			else {
				logger.debug("Logto route {} refused: {} ({})", exchange.getRequest().getPath().value(), ex.code(),
						ex.getMessage());
			}
			return this.errors.write(exchange, error);
		});
	}

	private Mono<Void> error(ServerWebExchange exchange, HttpStatus status, String code, String message) {
		return this.errors.write(exchange, status, code, message);
	}

	private static Mono<Void> json(ServerWebExchange exchange, HttpStatus status, Map<String, ?> body) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setCacheControl("no-store");
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) body;
		return ErrorResponseWriter.write(response, MediaType.APPLICATION_JSON, JSONObjectUtils.toJSONString(map));
	}

	private static Mono<Void> redirect(ServerWebExchange exchange, HttpStatus status, String location) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setLocation(URI.create(location));
		response.getHeaders().setCacheControl("no-store");
		return response.setComplete();
	}

	private String redirectUri(ServerWebExchange exchange) {
		return baseUrl(exchange) + exchange.getRequest().getPath().contextPath().value() + this.routes.callback();
	}

	/**
	 * @return the configured base URL, else the request's origin
	 * @throws LogtoConfigurationException when neither is known: a request without a host (a {@code WebTestClient}
	 * bound to the application without a base URL) would otherwise send Logto {@code http://null/...}
	 */
	private String baseUrl(ServerWebExchange exchange) {
		if (this.baseUrl != null) {
			return this.baseUrl;
		}
		URI uri = exchange.getRequest().getURI();
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

	/** @return the realm of {@code WWW-Authenticate}: the base URL, or empty when the request names no host */
	private String realm(ServerWebExchange exchange) {
		return this.baseUrl == null && exchange.getRequest().getURI().getHost() == null ? "" : baseUrl(exchange);
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

		private final SessionCookies cookies;

		private LogtoRoutes routes = LogtoRoutes.defaults();

		private @Nullable String baseUrl;

		private final List<PathPattern> protectedPaths = new ArrayList<>();

		private final List<RouteTokenRule> routeTokens = new ArrayList<>();

		private Duration pendingTtl = Duration.ofHours(12);

		private Clock clock = Clock.systemUTC();

		private int order = DEFAULT_ORDER;

		private final List<SignInOptionsCustomizer> signInCustomizers = new ArrayList<>();

		private Builder(LogtoEngine engine, SessionCookies cookies) {
			this.engine = Objects.requireNonNull(engine, "engine");
			this.cookies = Objects.requireNonNull(cookies, "cookies");
		}

		/**
		 * @param routes the route paths
		 * @return this builder
		 */
		public Builder routes(LogtoRoutes routes) {
			this.routes = Objects.requireNonNull(routes, "routes");
			return this;
		}

		/**
		 * @param baseUrl the public base URL, e.g. {@code https://app.example.com}; when unset, taken from each request
		 * @return this builder
		 */
		public Builder baseUrl(@Nullable String baseUrl) {
			if (baseUrl != null) {
				String trimmed = baseUrl.trim();
				while (trimmed.endsWith("/")) {
					trimmed = trimmed.substring(0, trimmed.length() - 1);
				}
				URI uri = URI.create(trimmed);
				if (!uri.isAbsolute() || uri.getHost() == null) {
					throw new IllegalArgumentException("baseUrl must be an absolute URL, e.g. https://app.example.com");
				}
				this.baseUrl = trimmed;
			}
			else {
				this.baseUrl = null;
			}
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
		 * @param ttl how long a session change made after commit is kept for the browser's next request
		 * @return this builder
		 */
		public Builder pendingTtl(Duration ttl) {
			this.pendingTtl = Objects.requireNonNull(ttl, "ttl");
			return this;
		}

		/**
		 * @param clock the clock for cookie timestamps (default system UTC)
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * @param customizer changes the options of every sign-in after the route read its query; customizers run in
		 * the order added
		 * @return this builder
		 */
		public Builder signInOptionsCustomizer(SignInOptionsCustomizer customizer) {
			this.signInCustomizers.add(Objects.requireNonNull(customizer, "customizer"));
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
