package io.github.logtoreactive.example;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoHttpError;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The example's error responses: {@code {"error": "<code>", "message": "..."}} with a status. A {@link LogtoException}
 * gets the status, code and message of the library's one mapping, {@link LogtoHttpError} (the same as the starter's
 * own routes answer with; messages never contain tokens, codes, secrets or Logto's raw words):
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
	 * @return the response
	 */
	static ResponseEntity<Map<String, Object>> response(LogtoException ex) {
		LogtoHttpError error = LogtoHttpError.of(ex);
		return response(HttpStatus.valueOf(error.status()), error.code(), error.message());
	}

	/**
	 * @param ex a Logto failure
	 * @return {@code {"error": code, "message": message}} of its {@link LogtoHttpError}
	 */
	static Map<String, Object> body(LogtoException ex) {
		LogtoHttpError error = LogtoHttpError.of(ex);
		return body(error.code(), error.message());
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
