package io.github.logtoreactive.support;

import java.time.Duration;
import java.util.List;

import io.github.logtoreactive.CallbackError;
import io.github.logtoreactive.CallbackValidationException;
import io.github.logtoreactive.IdTokenVerificationException;
import io.github.logtoreactive.InvalidLogoutTokenException;
import io.github.logtoreactive.InvalidResponseException;
import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.MissingScopeException;
import io.github.logtoreactive.NotAuthenticatedException;
import io.github.logtoreactive.OpaqueTokenException;
import io.github.logtoreactive.OrganizationAccessException;
import io.github.logtoreactive.SessionExpiredException;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.SessionTooLargeException;
import io.github.logtoreactive.TokenEndpointException;
import io.github.logtoreactive.UserInfoException;
import io.github.logtoreactive.UserScope;

/**
 * One sample of every kind of {@link io.github.logtoreactive.LogtoException} the library signals, with the HTTP answer
 * it must get: the table behind the status documented in the README ("Endpoints", "Errors in your handlers"). Every
 * HTTP integration's test (core mapping, WebFlux filter and exception handler, example server) checks itself against
 * this one table, so none can diverge unnoticed. Exceptions carry {@link #RAW_TEXT} wherever Logto's or a server's raw
 * words go; it must never appear in a response.
 */
public final class LogtoExceptionSamples {

	/** Stands for Logto's or a server's raw words (fine in the server's log): never in a response. */
	public static final String RAW_TEXT = "raw-text-not-for-responses";

	/** Text a forged callback link tries to show on the application's origin. */
	public static final String INJECTED = "Your account is locked: call +1 555 0100";

	private LogtoExceptionSamples() {
	}

	/**
	 * A failure and its answer.
	 * @param ex the failure
	 * @param status its status anywhere but the sign-in callback
	 * @param callbackStatus its status at the sign-in callback
	 * @param message the exact message shown (a part of it for ID-token failures, whose wording depends on where)
	 */
	public record Sample(LogtoException ex, int status, int callbackStatus, String message) {

		@Override
		public String toString() {
			return this.ex.getClass().getSimpleName() + " " + this.ex.code() + " -> " + this.status;
		}
	}

	/**
	 * @return one sample of each kind of failure (several for the token endpoint's errors)
	 */
	public static List<Sample> all() {
		return List.of(
				same(new NotAuthenticatedException("not signed in: sign in at /logto/sign-in first"), 401,
						"not signed in: sign in at /logto/sign-in first"),
				same(new SessionExpiredException(400, "grant expired " + RAW_TEXT, "oidc.invalid_grant"), 401,
						"The session expired: sign in again."),
				same(new OrganizationAccessException("org-1", 403, "access_denied", RAW_TEXT, null), 403,
						"Logto refused the organization token (access_denied)."),
				same(new OrganizationAccessException("org-1", 403, "insufficient_scope", RAW_TEXT, null), 403,
						"Logto refused the organization token (insufficient_scope)."),
				same(token(403, "access_denied"), 403, "Logto refused the token request (access_denied)."),
				same(token(400, "invalid_target"), 400, "Logto refused the token request (invalid_target)."),
				same(token(400, "invalid_scope"), 400, "Logto refused the token request (invalid_scope)."),
				same(token(400, "invalid_request"), 400, "Logto refused the token request (invalid_request)."),
				new Sample(token(400, "invalid_grant"), 401, 400,
						"Logto refused the grant (invalid_grant): sign in again."),
				same(token(401, "invalid_client"), 502,
						"Logto refused this application's token request (invalid_client)."),
				same(token(400, "unauthorized_client"), 502,
						"Logto refused this application's token request (unauthorized_client)."),
				same(token(500, "server_error"), 502, "Logto's token endpoint is unavailable (HTTP 500)."),
				same(token(429, "http_error_429"), 502, "Logto's token endpoint is unavailable (HTTP 429)."),
				same(new UserInfoException(401, "invalid_token", RAW_TEXT, null), 502,
						"Logto's user-info endpoint refused the request (invalid_token)."),
				same(new LogtoTransportException(true, "token endpoint did not answer in time", null), 502,
						"Logto did not answer in time."),
				same(new LogtoTransportException(false, "token endpoint could not be reached", null), 502,
						"Logto could not be reached."),
				same(new InvalidResponseException("discovery issuer is '" + RAW_TEXT + "'", null), 502,
						"Logto answered with an invalid response."),
				same(new MissingScopeException(UserScope.ORGANIZATIONS), 400,
						"this operation needs the scope 'urn:logto:scope:organizations': add it to the configured scopes"),
				same(new OpaqueTokenException("the access token is opaque"), 400, "the access token is opaque"),
				same(new InvalidLogoutTokenException("the logout token is refused: " + RAW_TEXT, null), 400,
						"The back-channel logout token was refused."),
				same(new SessionStoreException("Redis timed out at " + RAW_TEXT, null), 503,
						"The session store is unavailable."),
				same(new SessionTooLargeException(9, 4), 500, "The session is too large to be stored."),
				same(new LogtoConfigurationException("appSecret", "appSecret " + RAW_TEXT + " is wrong"), 500,
						"The application's Logto configuration is invalid."),
				new Sample(new IdTokenVerificationException(IdTokenVerificationException.Reason.BAD_SIGNATURE,
						"the ID token's signature does not verify", null), 502, 400, "ID token failed verification (bad_signature)."),
				same(new CallbackValidationException(CallbackError.STATE_MISMATCHED,
						"no pending sign-in has this state"), 400, "no pending sign-in has this state"),
				same(new CallbackValidationException(CallbackError.ERROR_FOUND, "Logto answered: access_denied",
						"access_denied", "user cancelled", true), 400, "Logto answered access_denied: user cancelled"),
				same(new CallbackValidationException(CallbackError.ERROR_FOUND, "Logto answered: access_denied",
						"access_denied", INJECTED + " " + RAW_TEXT, false), 400,
						"The sign-in was cancelled or access was denied."),
				same(new CallbackValidationException(CallbackError.ERROR_FOUND, "Logto answered: made_up",
						"made_up<script>", RAW_TEXT, false), 400, "Logto refused the sign-in request."));
	}

	private static Sample same(LogtoException ex, int status, String message) {
		return new Sample(ex, status, status, message);
	}

	private static TokenEndpointException token(int status, String error) {
		return new TokenEndpointException(status, error, "Logto said " + RAW_TEXT, "oidc." + error,
				Duration.ofSeconds(1));
	}
}
