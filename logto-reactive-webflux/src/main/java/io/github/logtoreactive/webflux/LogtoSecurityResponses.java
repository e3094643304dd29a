package io.github.logtoreactive.webflux;

import java.util.Objects;

import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoHttpError;
import io.github.logtoreactive.web.ErrorAnswers;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * How a Spring Security chain with Logto answers the requests it stops, written like {@link LogtoWebFilter}'s own
 * error responses (JSON {@code {"error", "message", "status"}} or an HTML page for browsers, {@code no-store}):
 * <ul>
 * <li>not signed in ({@link ServerAuthenticationEntryPoint}): a browser's GET is redirected to the sign-in route and
 * back afterwards, other requests get 401 {@code not_authenticated} with {@code WWW-Authenticate} naming the sign-in
 * route; for an API without sign-in ({@link #forBearerTokens()}) 401 with {@code WWW-Authenticate: Bearer};</li>
 * <li>a bearer token that was refused: 401 {@code invalid_token}, {@code WWW-Authenticate: Bearer
 * error="invalid_token"} (the reason is logged at debug level, never answered);</li>
 * <li>signed in but not allowed ({@link ServerAccessDeniedHandler}): 403 {@code access_denied}, or for a bearer-token
 * request 403 {@code insufficient_scope} with {@code WWW-Authenticate: Bearer error="insufficient_scope"};</li>
 * <li>a bearer token that could not be checked because Logto's keys could not be read
 * ({@link ServerAuthenticationFailureHandler}; an authentication service failure caused by a {@link LogtoException}):
 * the status of {@link LogtoHttpError} (e.g. 502), never a 500; any other failure is answered as not signed in.</li>
 * </ul>
 * Needs Spring Security and {@code spring-security-oauth2-core}. Never blocks; immutable and thread-safe.
 */
public final class LogtoSecurityResponses
		implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler, ServerAuthenticationFailureHandler {

	private static final Logger logger = LoggerFactory.getLogger(LogtoSecurityResponses.class);

	private final @Nullable LogtoWebFilter filter;

	private final ErrorAnswers errors;

	private LogtoSecurityResponses(@Nullable LogtoWebFilter filter, ErrorAnswers errors) {
		this.filter = filter;
		this.errors = errors;
	}

	/**
	 * @param filter the application's filter: its sign-in route, base URL and error responses
	 * @return the responses of an application that signs users in
	 */
	public static LogtoSecurityResponses of(LogtoWebFilter filter) {
		return new LogtoSecurityResponses(Objects.requireNonNull(filter, "filter"), filter.handler().errors());
	}

	/**
	 * @return the responses of an API that only accepts Logto access tokens (no sign-in route)
	 */
	public static LogtoSecurityResponses forBearerTokens() {
		return new LogtoSecurityResponses(null, ErrorAnswers.withoutSignIn());
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		if (ex instanceof OAuth2AuthenticationException) {
			logger.debug("Bearer token refused for {}: {}", exchange.getRequest().getPath().value(), ex.getMessage());
			return write(exchange, new LogtoHttpError(401, "invalid_token",
					"the bearer token is invalid, expired or not for this API"), "Bearer error=\"invalid_token\"");
		}
		if (this.filter != null) {
			return this.filter.unauthenticated(exchange);
		}
		return write(exchange, new LogtoHttpError(401, "not_authenticated",
				"send a Logto access token for this API as a bearer token"));
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		if (hasBearerToken(exchange)) {
			return write(exchange, new LogtoHttpError(403, "insufficient_scope",
					"the bearer token does not allow this request"), "Bearer error=\"insufficient_scope\"");
		}
		return write(exchange, new LogtoHttpError(403, "access_denied", "you are not allowed to use this resource"),
				null);
	}

	@Override
	public Mono<Void> onAuthenticationFailure(WebFilterExchange webFilterExchange, AuthenticationException ex) {
		LogtoException cause = ex instanceof OAuth2AuthenticationException ? null : logtoCause(ex);
		if (cause == null) {
			return commence(webFilterExchange.getExchange(), ex);
		}
		LogtoHttpError error = LogtoHttpError.of(cause);
		logger.warn("A bearer token could not be checked: {} ({})", cause.code(), cause.getMessage());
		return write(webFilterExchange.getExchange(), error);
	}

	private Mono<Void> write(ServerWebExchange exchange, LogtoHttpError error) {
		return AnswerWriter.write(exchange.getResponse(), this.errors.answer(new ExchangeRequest(exchange), error));
	}

	private Mono<Void> write(ServerWebExchange exchange, LogtoHttpError error, @Nullable String challenge) {
		return AnswerWriter.write(exchange.getResponse(),
				this.errors.answer(new ExchangeRequest(exchange), error, challenge));
	}

	private static @Nullable LogtoException logtoCause(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof LogtoException logto) {
				return logto;
			}
		}
		return null;
	}

	private static boolean hasBearerToken(ServerWebExchange exchange) {
		String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
	}
}
