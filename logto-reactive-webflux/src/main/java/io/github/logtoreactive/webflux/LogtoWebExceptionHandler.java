package io.github.logtoreactive.webflux;

import java.util.Objects;

import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoHttpError;
import io.github.logtoreactive.web.LogtoRouteHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers every {@link LogtoException} that escapes the application's handlers (a controller that needs a signed-in
 * user and gets {@code NotAuthenticatedException}, a non-member asking for an organization token) exactly as
 * {@link LogtoWebFilter}'s own routes answer their failures: the status and message of {@link LogtoHttpError#of}, as
 * an HTML page for browsers or {@code {"error", "message", "status"}} JSON, instead of a 500. Other exceptions, and
 * failures after the response was committed, pass on to the next handler.
 *
 * <p>
 * Ordered at {@link #DEFAULT_ORDER}, before Spring Boot's error handler (-1) and Spring's response-status handler
 * (0). An application that handles {@code LogtoException} itself keeps control: {@code @ExceptionHandler} methods
 * (also in a {@code @ControllerAdvice}) run inside the dispatcher, before any {@code WebExceptionHandler} sees the
 * exception. The Boot auto-configuration registers one unless the application defines its own bean of this type or
 * sets {@code logto.error-handling.enabled=false}. Never blocks; thread-safe.
 */
public final class LogtoWebExceptionHandler implements WebExceptionHandler, Ordered {

	/** The handler's order: before Spring Boot's {@code ErrorWebExceptionHandler} ({@code -1}). */
	public static final int DEFAULT_ORDER = -2;

	private static final Logger logger = LoggerFactory.getLogger(LogtoWebExceptionHandler.class);

	private final LogtoRouteHandler handler;

	private LogtoWebExceptionHandler(LogtoRouteHandler handler) {
		this.handler = handler;
	}

	/**
	 * @param filter the application's filter, whose error responses this handler writes (same sign-in route, same
	 * base URL)
	 * @return a handler answering like {@code filter}'s routes
	 */
	public static LogtoWebExceptionHandler of(LogtoWebFilter filter) {
		return new LogtoWebExceptionHandler(Objects.requireNonNull(filter, "filter").handler());
	}

	@Override
	public int getOrder() {
		return DEFAULT_ORDER;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (!(ex instanceof LogtoException logto) || exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		LogtoHttpError error = LogtoHttpError.of(logto);
		if (error.isServerError()) {
			logger.warn("Handler of {} failed: {} ({})", exchange.getRequest().getPath().value(), logto.code(),
					logto.getMessage());
		}
		else {
			logger.debug("Handler of {} refused: {} ({})", exchange.getRequest().getPath().value(), logto.code(),
					logto.getMessage());
		}
		return AnswerWriter.write(exchange.getResponse(), this.handler.errors().answer(new ExchangeRequest(exchange), error));
	}
}
