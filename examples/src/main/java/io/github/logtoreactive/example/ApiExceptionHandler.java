package io.github.logtoreactive.example;

import java.util.Locale;
import java.util.Map;

import io.github.logtoreactive.LogtoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/**
 * Maps every failure of the example's controllers to {@code {"error", "message"}} JSON with a status: never a stack
 * trace, never a token (the library's messages carry none; unexpected exceptions are logged by class only).
 */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(LogtoException.class)
	ResponseEntity<Map<String, Object>> logto(LogtoException ex) {
		ResponseEntity<Map<String, Object>> response = ApiErrors.response(ex);
		if (response.getStatusCode().is5xxServerError()) {
			logger.warn("Logto call failed: {} ({})", ex.code(), ex.getClass().getSimpleName());
		}
		return response;
	}

	@ExceptionHandler(ApiErrors.BadParameterException.class)
	ResponseEntity<Map<String, Object>> badParameter(ApiErrors.BadParameterException ex) {
		return ApiErrors.response(HttpStatus.BAD_REQUEST, ex.code(), ex.getMessage());
	}

	@ExceptionHandler(ApiErrors.NotConfiguredException.class)
	ResponseEntity<Map<String, Object>> notConfigured(ApiErrors.NotConfiguredException ex) {
		return ApiErrors.response(HttpStatus.NOT_IMPLEMENTED, ex.code(), ex.getMessage());
	}

	@ExceptionHandler(ServerWebInputException.class)
	ResponseEntity<Map<String, Object>> badInput(ServerWebInputException ex) {
		return ApiErrors.response(HttpStatus.BAD_REQUEST, "invalid_request",
				ex.getReason() == null ? "invalid request" : ex.getReason());
	}

	@ExceptionHandler(ResponseStatusException.class)
	ResponseEntity<Map<String, Object>> status(ResponseStatusException ex) {
		HttpStatusCode code = ex.getStatusCode();
		HttpStatus status = HttpStatus.resolve(code.value());
		String name = status == null ? "error" : status.name().toLowerCase(Locale.ROOT);
		return ApiErrors.response(status == null ? HttpStatus.BAD_REQUEST : status, name,
				ex.getReason() == null ? name.replace('_', ' ') : ex.getReason());
	}

	/**
	 * Leaves Spring Security's exceptions (from {@code @PreAuthorize}) to the security chain, which answers 401 when
	 * signed out and 403 otherwise: rethrowing the exception handed in tells WebFlux this advice does not handle it.
	 */
	@ExceptionHandler({ AccessDeniedException.class, AuthenticationException.class })
	ResponseEntity<Map<String, Object>> security(RuntimeException ex) {
		throw ex;
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Map<String, Object>> unexpected(Exception ex) {
		logger.warn("Unexpected failure: {}", ex.getClass().getName());
		return ApiErrors.response(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "unexpected server error");
	}
}
