package io.github.logtoreactive.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoHttpError;
import io.github.logtoreactive.SignInOptions;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.web.LogtoRoutes.Route;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Logto's routes for any HTTP server: what to answer to sign-in, the callback, sign-out, the user route and Logto's
 * back-channel logout (with {@link Builder#sessions}), whether
 * a request may reach the application, and how a failure is answered. An integration only translates: its request
 * into a {@link RouteRequest}, the {@link HttpAnswer} back into its response, with the cookies of the request's
 * {@link RequestSession}.
 *
 * <pre>{@code
 * LogtoRouteHandler logto = LogtoRouteHandler.builder().baseUrl("https://app.example.com").build();
 *
 * // per request:
 * LogtoRoutes.Route route = logto.routes().match(request.method(), request.path());
 * if (route != null) {
 *     return logto.handle(route, request, session.client()).flatMap(answer -> write(answer, session.commit()));
 * }
 * }</pre>
 *
 * Every failure of a route is answered ({@link LogtoHttpError}; never a 500 for a {@link LogtoException}): an HTML
 * page for browsers, else JSON {@code {"error", "message", "status"}}, with {@code WWW-Authenticate} on 401.
 * Immutable and thread-safe; never blocks.
 */
public final class LogtoRouteHandler {

	private static final Logger logger = LoggerFactory.getLogger(LogtoRouteHandler.class);

	private final LogtoRoutes routes;

	private final ErrorAnswers errors;

	private final RouteAnswers answers;

	private final SignInGuard guard;

	private final @Nullable BackchannelLogout backchannelLogout;

	private LogtoRouteHandler(Builder builder) {
		this.routes = builder.sessions != null ? builder.routes : builder.routes.withoutBackchannelLogout();
		AppUrls urls = new AppUrls(builder.baseUrl, builder.routes);
		this.errors = new ErrorAnswers(urls);
		this.answers = new RouteAnswers(builder.routes, urls, this.errors, builder.signInCustomizers);
		this.guard = new SignInGuard(urls, this.errors);
		this.backchannelLogout = builder.sessions == null ? null : new BackchannelLogout(builder.sessions, this.errors);
	}

	/**
	 * @return a builder, with the {@link LogtoRoutes#defaults() default routes} and each request's own origin as the
	 * base URL
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * @return the routes' paths and redirect targets
	 */
	public LogtoRoutes routes() {
		return this.routes;
	}

	/**
	 * Answers one of the routes ({@link LogtoRoutes#match}).
	 * @param route the route
	 * @param request the request
	 * @param client the request's client
	 * @return the answer; a {@link LogtoException} is answered as well, with the status of {@link LogtoHttpError}
	 * ({@link LogtoHttpError#ofSignInCallback} for the callback)
	 */
	public Mono<HttpAnswer> handle(Route route, RouteRequest request, LogtoClient client) {
		Objects.requireNonNull(route, "route");
		// Deferred, so a failure building the answer (a request naming no host) is answered like any other
		Mono<HttpAnswer> answer = Mono.defer(() -> switch (route) {
			case SIGN_IN -> this.answers.signIn(request, client);
			case CALLBACK -> this.answers.callback(request, client);
			case SIGN_OUT -> this.answers.signOut(request, client);
			case USER -> this.answers.user(client);
			case BACKCHANNEL_LOGOUT -> Objects.requireNonNull(this.backchannelLogout).handle(request);
		});
		return answer.onErrorResume(LogtoException.class, ex -> {
			LogtoHttpError error = route == Route.CALLBACK ? LogtoHttpError.ofSignInCallback(ex) : LogtoHttpError.of(ex);
			if (error.isServerError()) {
				logger.warn("Logto route {} failed: {}", request.uri().getRawPath(), ex.getMessage());
			}
			else {
				logger.debug("Logto route {} refused: {} ({})", request.uri().getRawPath(), ex.code(), ex.getMessage());
			}
			return Mono.just(this.errors.answer(request, error));
		});
	}

	/**
	 * Decides whether a request other than the routes may reach the application.
	 * @param request the request
	 * @param client its client
	 * @param signInRequired whether its path needs a signed-in user
	 * @param tokens the tokens its route needs, refreshed first when within the refresh skew (a failure to get one
	 * is left to the application, which asks for it again)
	 * @return empty to let the request through; else the answer to send instead: a redirect to sign in for a
	 * browser's {@code GET}, 401 {@code not_authenticated} otherwise, 503 when the session store fails. When the
	 * decision needs no I/O (a cookie session, nothing due) it is made during this call and returned as
	 * {@code Mono.empty()} or {@code Mono.just(answer)}, which an adapter may read without subscribing (both are
	 * {@link java.util.concurrent.Callable}, as Reactor's synchronous sources are); subscribe at once otherwise
	 */
	public Mono<HttpAnswer> protect(RouteRequest request, LogtoClient client, boolean signInRequired,
			List<TokenKey> tokens) {
		return this.guard.check(request, client, signInRequired, tokens);
	}

	/**
	 * @param request a request that needs a signed-in user and has none
	 * @return a redirect to the sign-in route (back to the request's path afterwards) for a browser's {@code GET},
	 * else 401 {@code not_authenticated}
	 */
	public HttpAnswer unauthenticated(RouteRequest request) {
		return this.guard.unauthenticated(request);
	}

	/**
	 * @return the error answers of this application (its sign-in route on 401), for failures outside the routes,
	 * e.g. {@link LogtoHttpError#of} a {@link LogtoException} of the application's handler
	 */
	public ErrorAnswers errors() {
		return this.errors;
	}

	/**
	 * @return counters since this handler was built
	 */
	public RouteStatistics statistics() {
		return new RouteStatistics(this.answers.callbackFailures(), this.answers.refusedCrossSite());
	}

	/**
	 * Changes the {@link SignInOptions} of every sign-in the sign-in route starts, after the route read its query
	 * parameters and before the options are built. Runs on the request's thread: it must not block. A value the
	 * options refuse ({@link IllegalArgumentException}) answers the request with 400 {@code invalid_sign_in_option}.
	 */
	@FunctionalInterface
	public interface SignInCustomizer {

		/**
		 * @param request the sign-in request
		 * @param options the options so far (redirect URI, post-sign-in target and the query's options)
		 */
		void customize(RouteRequest request, SignInOptions.Builder options);
	}

	/**
	 * Builds a {@link LogtoRouteHandler}. Not thread-safe.
	 */
	public static final class Builder {

		private LogtoRoutes routes = LogtoRoutes.defaults();

		private @Nullable String baseUrl;

		private final List<SignInCustomizer> signInCustomizers = new ArrayList<>();

		private @Nullable RequestSessions sessions;

		private Builder() {
		}

		/**
		 * Turns the back-channel logout route on ({@link LogtoRoutes#backchannelLogout()}): a logout token Logto posts
		 * ends the sessions it names in these sessions' record of ended sessions. Without it the route is off.
		 * @param sessions the sessions of the HTTP server
		 * @return this builder
		 */
		public Builder sessions(RequestSessions sessions) {
			this.sessions = Objects.requireNonNull(sessions, "sessions");
			return this;
		}

		/**
		 * @param routes the routes' paths and redirect targets
		 * @return this builder
		 */
		public Builder routes(LogtoRoutes routes) {
			this.routes = Objects.requireNonNull(routes, "routes");
			return this;
		}

		/**
		 * @param baseUrl the application's public base URL, e.g. {@code https://app.example.com}; when {@code null}
		 * (the default), each request's own origin
		 * @return this builder
		 * @throws IllegalArgumentException when it is not an absolute URL
		 */
		public Builder baseUrl(@Nullable String baseUrl) {
			this.baseUrl = baseUrl == null ? null : AppUrls.normalizeBaseUrl(baseUrl);
			return this;
		}

		/**
		 * @param customizer changes the options of every sign-in, after the route read its query; customizers run
		 * in the order added
		 * @return this builder
		 */
		public Builder signInCustomizer(SignInCustomizer customizer) {
			this.signInCustomizers.add(Objects.requireNonNull(customizer, "customizer"));
			return this;
		}

		/**
		 * @return the handler
		 */
		public LogtoRouteHandler build() {
			return new LogtoRouteHandler(this);
		}
	}
}
