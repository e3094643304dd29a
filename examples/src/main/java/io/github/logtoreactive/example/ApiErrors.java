package io.github.logtoreactive.example;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.logtoreactive.InvalidResponseException;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.MissingScopeException;
import io.github.logtoreactive.NotAuthenticatedException;
import io.github.logtoreactive.OpaqueTokenException;
import io.github.logtoreactive.OrganizationAccessException;
import io.github.logtoreactive.SessionExpiredException;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.TokenEndpointException;
import io.github.logtoreactive.UserInfoException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The example's error responses: {@code {"error": "<code>", "message": "..."}} with a status. Every
 * {@link LogtoException} has one (messages of the library never contain tokens, codes or secrets):
 * <ul>
 * <li>401: not signed in ({@code not_authenticated}), or the session expired ({@code token_endpoint.invalid_grant};
 * the library has then cleared the session's tokens);</li>
 * <li>403: not a member of the organization, or Logto refused access;</li>
 * <li>400: a resource or scope Logto refuses ({@code token_endpoint.invalid_target}, ...), a missing scope in the
 * configuration, bad parameters;</li>
 * <li>502: Logto unreachable, answering 5xx or 429 after the library's retries, an invalid response, or refusing
 * this app's own credentials;</li>
 * <li>503: the session store (Redis) is unavailable.</li>
 * </ul>
 */
final class ApiErrors {

	private ApiErrors() {
	}

	/**
	 * @param ex a Logto failure
	 * @return its HTTP status
	 */
	static HttpStatus status(LogtoException ex) {
		if (ex instanceof NotAuthenticatedException || ex instanceof SessionExpiredException) {
			return HttpStatus.UNAUTHORIZED;
		}
		if (ex instanceof OrganizationAccessException) {
			return HttpStatus.FORBIDDEN;
		}
		if (ex instanceof SessionStoreException) {
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		if (ex instanceof LogtoTransportException || ex instanceof InvalidResponseException
				|| ex instanceof UserInfoException) {
			return HttpStatus.BAD_GATEWAY;
		}
		if (ex instanceof TokenEndpointException token) {
			return tokenEndpointStatus(token);
		}
		if (ex instanceof MissingScopeException || ex instanceof OpaqueTokenException) {
			return HttpStatus.BAD_REQUEST;
		}
		return HttpStatus.BAD_GATEWAY;
	}

	private static HttpStatus tokenEndpointStatus(TokenEndpointException ex) {
		if (ex.isTransient()) {
			return HttpStatus.BAD_GATEWAY;
		}
		return switch (ex.error()) {
			case "invalid_target", "invalid_scope", "invalid_request" -> HttpStatus.BAD_REQUEST;
			case "access_denied", "insufficient_scope" -> HttpStatus.FORBIDDEN;
			// invalid_client, unauthorized_client, unsupported_grant_type, ...: this app's registration at Logto.
			default -> HttpStatus.BAD_GATEWAY;
		};
	}

	/**
	 * @param ex a Logto failure
	 * @return the response
	 */
	static ResponseEntity<Map<String, Object>> response(LogtoException ex) {
		return response(status(ex), ex.code(), ex.getMessage() == null ? ex.code() : ex.getMessage());
	}

	/**
	 * @param status the status
	 * @param code the error code
	 * @param message a message for people
	 * @return the response
	 */
	static ResponseEntity<Map<String, Object>> response(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status)
			.cacheControl(CacheControl.noStore())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body(code, message));
	}

	/**
	 * @param code the error code
	 * @param message a message for people
	 * @return {@code {"error": code, "message": message}}
	 */
	static Map<String, Object> body(String code, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", code);
		body.put("message", message);
		return body;
	}

	/**
	 * A request parameter the example refuses (400).
	 */
	static final class BadParameterException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String code;

		BadParameterException(String code, String message) {
			super(message, null, false, false);
			this.code = code;
		}

		String code() {
			return this.code;
		}
	}

	/**
	 * A feature this deployment has not configured (501).
	 */
	static final class NotConfiguredException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String code;

		NotConfiguredException(String code, String message) {
			super(message, null, false, false);
			this.code = code;
		}

		String code() {
			return this.code;
		}
	}
}
