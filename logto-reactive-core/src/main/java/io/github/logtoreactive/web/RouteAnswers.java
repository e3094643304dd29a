package io.github.logtoreactive.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoHttpError;
import io.github.logtoreactive.SignInOptions;
import reactor.core.publisher.Mono;

/**
 * The answers of Logto's four routes, from the request and its {@link LogtoClient}:
 * <ul>
 * <li>sign-in: the post-sign-in target must be a same-origin relative path (400 {@code invalid_redirect}), the
 * options come from the query, then the customizers (400 {@code invalid_sign_in_option}); a 302 to Logto;</li>
 * <li>callback: finishes sign-in, then a 302 to the post-sign-in target when it is still a same-origin path, else to
 * the configured default;</li>
 * <li>sign-out: refused with 403 {@code cross_site_request} when another site sent it; else revokes, clears the
 * session and redirects to Logto's end-session endpoint (303 after a POST, 302 after a GET);</li>
 * <li>user: {@code {"isAuthenticated": .., "claims": {..}}}, with the ID and access tokens when configured.</li>
 * </ul>
 * A {@link LogtoException} of the client is left to the caller, which answers it. Never blocks.
 */
final class RouteAnswers {

	private final LogtoRoutes routes;

	private final AppUrls urls;

	private final ErrorAnswers errors;

	private final List<LogtoRouteHandler.SignInCustomizer> signInCustomizers;

	private final AtomicLong callbackFailures = new AtomicLong();

	private final AtomicLong refusedCrossSite = new AtomicLong();

	RouteAnswers(LogtoRoutes routes, AppUrls urls, ErrorAnswers errors,
			List<LogtoRouteHandler.SignInCustomizer> signInCustomizers) {
		this.routes = routes;
		this.urls = urls;
		this.errors = errors;
		this.signInCustomizers = List.copyOf(signInCustomizers);
	}

	Mono<HttpAnswer> signIn(RouteRequest request, LogtoClient client) {
		String target = request.queryParameter("postRedirectUri");
		String postRedirect = this.routes.postSignInRedirect();
		if (target != null && !target.isEmpty()) {
			postRedirect = RedirectTargets.sanitize(target);
			if (postRedirect == null) {
				return refuse(request, 400, "invalid_redirect",
						"postRedirectUri must be a relative path on this site, e.g. /dashboard");
			}
		}
		SignInOptions options;
		try {
			SignInOptions.Builder builder = SignInQuery.options(request, this.urls.redirectUri(request), postRedirect);
			for (LogtoRouteHandler.SignInCustomizer customizer : this.signInCustomizers) {
				customizer.customize(request, builder);
			}
			options = builder.build();
		}
		catch (IllegalArgumentException ex) {
			return refuse(request, 400, "invalid_sign_in_option", String.valueOf(ex.getMessage()));
		}
		return client.signIn(options)
			.map(signIn -> HttpAnswer.redirect(302, signIn.authorizationUri().toString()));
	}

	Mono<HttpAnswer> callback(RouteRequest request, LogtoClient client) {
		return client.handleSignInCallback(this.urls.callbackUri(request)).map(result -> {
			String target = result.postRedirectUri() == null ? null
					: RedirectTargets.sanitize(this.urls.localPart(request, result.postRedirectUri()));
			return HttpAnswer.redirect(302, target != null ? target : this.routes.postSignInRedirect());
		}).doOnError(LogtoException.class, ex -> this.callbackFailures.incrementAndGet());
	}

	Mono<HttpAnswer> signOut(RouteRequest request, LogtoClient client) {
		if (!SameOriginCheck.isSameOrigin(request, SameOriginCheck.normalize(this.urls.baseUrl(request)))) {
			this.refusedCrossSite.incrementAndGet();
			return refuse(request, 403, "cross_site_request", "sign-out must be sent from this site");
		}
		int status = "POST".equals(request.method()) ? 303 : 302;
		return client.signOut(this.urls.postSignOutRedirect(request)).map(url -> HttpAnswer.redirect(status, url));
	}

	Mono<HttpAnswer> user(LogtoClient client) {
		return client.isAuthenticated().flatMap(authenticated -> {
			if (!authenticated) {
				return Mono.just(json(Map.of("isAuthenticated", false)));
			}
			return client.getIdTokenClaims().flatMap(claims -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("isAuthenticated", true);
				body.put("claims", claims.claims());
				if (!this.routes.exposeTokens()) {
					return Mono.just(json(body));
				}
				return client.getIdToken().flatMap(idToken -> {
					body.put("idToken", idToken);
					return client.getAccessToken().map(accessToken -> {
						body.put("accessToken", accessToken);
						return body;
					}).onErrorResume(LogtoException.class, ex -> Mono.just(body));
				}).map(RouteAnswers::json);
			});
		});
	}

	/**
	 * @return refused sign-in callbacks
	 */
	long callbackFailures() {
		return this.callbackFailures.get();
	}

	/**
	 * @return cross-site sign-out requests refused
	 */
	long refusedCrossSite() {
		return this.refusedCrossSite.get();
	}

	private Mono<HttpAnswer> refuse(RouteRequest request, int status, String code, String message) {
		return Mono.just(this.errors.answer(request, new LogtoHttpError(status, code, message)));
	}

	private static HttpAnswer json(Map<String, ?> body) {
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) body;
		return HttpAnswer.json(200, JSONObjectUtils.toJSONString(map));
	}
}
