package io.github.logtoreactive.internal;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;

import io.github.logtoreactive.InvalidResponseException;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.TokenEndpointException;
import io.github.logtoreactive.UserInfoException;
import io.github.logtoreactive.internal.http.HttpResult;
import io.github.logtoreactive.internal.http.JsonObject;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.WriteTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The one place where answers and failures of Logto's HTTP endpoints become {@link LogtoException}s.
 *
 * <ul>
 * <li>Timeout or connection failure: {@link LogtoTransportException}.</li>
 * <li>Token or revocation endpoint, non-2xx: {@link TokenEndpointException} with status, {@code error},
 * {@code error_description}, Logto's {@code code} and {@code Retry-After}; when the body is not Logto's JSON error
 * (e.g. a proxy's HTML 502), {@code error} is the synthetic {@code http_error_<status>}.</li>
 * <li>Discovery or JWKS, non-2xx: 5xx and 429 are transient ({@link LogtoTransportException}), anything else is a
 * protocol break ({@link InvalidResponseException}), e.g. a 404 from a wrong endpoint.</li>
 * <li>2xx with a body that breaks the protocol: {@link InvalidResponseException}.</li>
 * </ul>
 * Messages name the endpoint and the problem, never a body, token, code or secret.
 * <p>
 * Public only because the internal http, discovery, jwt, token and signin packages use it.
 */
public final class LogtoErrors {

	private LogtoErrors() {
	}

	/**
	 * @param endpoint what was called, e.g. {@code token endpoint}
	 * @param error the failure
	 * @return the failure itself when it already is a {@link LogtoException}, else a {@link LogtoTransportException}
	 */
	public static LogtoException transport(String endpoint, Throwable error) {
		if (error instanceof LogtoException logto) {
			return logto;
		}
		boolean timeout = error instanceof TimeoutException || error instanceof ConnectTimeoutException
				|| error instanceof ReadTimeoutException || error instanceof WriteTimeoutException;
		if (timeout) {
			return new LogtoTransportException(true, endpoint + " did not answer in time", error);
		}
		if (error instanceof ConnectException) {
			return new LogtoTransportException(false, endpoint + " could not be reached", error);
		}
		return new LogtoTransportException(false, endpoint + " call failed: " + error.getClass().getSimpleName(),
				error);
	}

	/**
	 * @param message what was wrong (no body, no secret)
	 * @param cause the cause, or {@code null}
	 * @return the exception
	 */
	public static InvalidResponseException invalidResponse(String message, @Nullable Throwable cause) {
		return new InvalidResponseException(message, cause);
	}

	/**
	 * Maps a non-2xx answer of a metadata endpoint (discovery, JWKS).
	 * @param endpoint what was called
	 * @param result the answer
	 * @return a transient {@link LogtoTransportException} for 5xx and 429, else an {@link InvalidResponseException}
	 */
	public static LogtoException metadataError(String endpoint, HttpResult result) {
		String message = endpoint + " answered HTTP " + result.status();
		if (result.status() >= 500 || result.status() == 429) {
			return new LogtoTransportException(false, message, null);
		}
		return new InvalidResponseException(message, null);
	}

	/**
	 * Maps a non-2xx answer of the token or revocation endpoint.
	 * @param result the answer
	 * @param clock the clock, to turn an HTTP-date {@code Retry-After} into a duration
	 * @return the exception
	 */
	public static TokenEndpointException tokenEndpointError(HttpResult result, Clock clock) {
		Duration retryAfter = retryAfter(result.headers().get("Retry-After"), clock);
		JsonObject json = JsonObject.tryParse("token endpoint", result.body());
		String error = null;
		String description = null;
		String logtoCode = null;
		if (json != null) {
			error = stringOrNull(json, "error");
			description = stringOrNull(json, "error_description");
			logtoCode = stringOrNull(json, "code");
		}
		if (error == null || error.isBlank()) {
			return new TokenEndpointException(result.status(), "http_error_" + result.status(), null, logtoCode,
					retryAfter);
		}
		return new TokenEndpointException(result.status(), error, description, logtoCode, retryAfter);
	}

	/**
	 * Maps a non-2xx answer of the user-info endpoint.
	 * @param result the answer
	 * @return the exception
	 */
	public static UserInfoException userInfoError(HttpResult result) {
		JsonObject json = JsonObject.tryParse("userinfo endpoint", result.body());
		String error = json == null ? null : stringOrNull(json, "error");
		String description = json == null ? null : stringOrNull(json, "error_description");
		String logtoCode = json == null ? null : stringOrNull(json, "code");
		if (error == null || error.isBlank()) {
			String header = result.headers().get("WWW-Authenticate");
			error = header != null && header.contains("invalid_token") ? "invalid_token" : "http_error_" + result.status();
		}
		return new UserInfoException(result.status(), error, description, logtoCode);
	}

	private static @Nullable String stringOrNull(JsonObject json, String name) {
		Object value = json.values().get(name);
		return value instanceof String s ? s : null;
	}

	/**
	 * @param header a {@code Retry-After} value: delay-seconds or an HTTP-date
	 * @param clock the clock
	 * @return the delay (zero when the date is past), or {@code null} when absent or unparsable
	 */
	static @Nullable Duration retryAfter(@Nullable String header, Clock clock) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String value = header.trim();
		try {
			long seconds = Long.parseLong(value);
			return seconds < 0 ? null : Duration.ofSeconds(seconds);
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration delay = Duration.between(clock.instant(), at);
				return delay.isNegative() ? Duration.ZERO : delay;
			}
			catch (DateTimeParseException ex2) {
				return null;
			}
		}
	}
}
