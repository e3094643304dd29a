package io.github.logtoreactive;

import java.util.Map;
import java.util.Objects;

/**
 * The HTTP answer to a {@link LogtoException}: a status, the error code ({@link LogtoException#code()}) and a message
 * fit to show to anyone. The one mapping every HTTP integration of this library uses (the WebFlux filter's routes, its
 * exception handler, the example server), so a failure answers the same wherever it surfaces.
 *
 * <table>
 * <caption>Status by failure</caption>
 * <tr><th>Status</th><th>Failure</th></tr>
 * <tr><td>400</td><td>{@link CallbackValidationException}; {@link TokenEndpointException} {@code invalid_target},
 * {@code invalid_scope}, {@code invalid_request}; {@link MissingScopeException}; {@link OpaqueTokenException};
 * {@link InvalidLogoutTokenException}; at the
 * sign-in callback ({@link #ofSignInCallback}) also {@link IdTokenVerificationException} and a refused authorization
 * code ({@code invalid_grant})</td></tr>
 * <tr><td>401</td><td>{@link NotAuthenticatedException}; {@link SessionExpiredException} and any other
 * {@code invalid_grant} of the token endpoint (sign in again)</td></tr>
 * <tr><td>403</td><td>{@link OrganizationAccessException}; {@link TokenEndpointException} {@code access_denied},
 * {@code insufficient_scope}</td></tr>
 * <tr><td>500</td><td>faults of the server's own setup: {@link LogtoConfigurationException},
 * {@link SessionTooLargeException}, and {@code LogtoException} subtypes defined outside this library</td></tr>
 * <tr><td>502</td><td>Logto failed: {@link LogtoTransportException}; {@link InvalidResponseException};
 * {@link UserInfoException}; {@link IdTokenVerificationException} outside the callback; a
 * {@link TokenEndpointException} that is transient (5xx, 429) or refuses this application itself
 * ({@code invalid_client}, {@code unauthorized_client}, ...)</td></tr>
 * <tr><td>503</td><td>{@link SessionStoreException}</td></tr>
 * </table>
 *
 * <p>
 * The message never contains a token, authorization code, secret, or text from a request. Logto's
 * {@code error_description} is shown only for a sign-in callback whose {@code state} matched a pending sign-in of
 * the session ({@link CallbackValidationException#stateMatched()}); a forged callback gets a fixed text for its
 * error code. For failures of Logto or of the server (5xx) the message is a fixed text: the details belong in the
 * server's log ({@link LogtoException#getMessage()}), not in the response.
 *
 * @param status the HTTP status
 * @param code the error code, {@link LogtoException#code()}
 * @param message a message fit to show to anyone
 */
public record LogtoHttpError(int status, String code, String message) {

	/** Fixed texts for the OAuth errors a callback can carry (RFC 6749 4.1.2.1, OpenID Connect Core 3.1.2.6). */
	private static final Map<String, String> CALLBACK_ERROR_TEXTS = Map.ofEntries(
			Map.entry("access_denied", "The sign-in was cancelled or access was denied."),
			Map.entry("login_required", "Logto needs you to sign in."),
			Map.entry("interaction_required", "Logto needs you to complete the sign-in."),
			Map.entry("consent_required", "Logto needs your consent to sign you in."),
			Map.entry("account_selection_required", "Logto needs you to choose an account."),
			Map.entry("server_error", "Logto could not complete the sign-in. Try again later."),
			Map.entry("temporarily_unavailable", "Logto could not complete the sign-in. Try again later."));

	private static final String CALLBACK_ERROR_DEFAULT_TEXT = "Logto refused the sign-in request.";

	/**
	 * @param status the HTTP status, 400..599
	 * @param code the error code
	 * @param message a message fit to show to anyone
	 */
	public LogtoHttpError {
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("status must be an error status (400..599), got " + status);
		}
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(message, "message");
	}

	/**
	 * The answer to a failure of any request: a handler's, or a route's of an integration.
	 * @param ex the failure
	 * @return its HTTP answer
	 */
	public static LogtoHttpError of(LogtoException ex) {
		Objects.requireNonNull(ex, "ex");
		if (ex instanceof IdTokenVerificationException idToken) {
			return new LogtoHttpError(502, ex.code(),
					"Logto's ID token failed verification (" + idToken.reason().value() + ").");
		}
		return map(ex);
	}

	/**
	 * The answer to a failure of the sign-in callback: as {@link #of}, except that an ID token failing verification
	 * or a refused authorization code ({@code invalid_grant}: expired, or already redeemed) refuses this sign-in (400)
	 * rather than reporting Logto as failing or a session as over.
	 * @param ex the failure of {@link LogtoClient#handleSignInCallback}
	 * @return its HTTP answer
	 */
	public static LogtoHttpError ofSignInCallback(LogtoException ex) {
		Objects.requireNonNull(ex, "ex");
		if (ex instanceof IdTokenVerificationException idToken) {
			return new LogtoHttpError(400, ex.code(),
					"The sign-in's ID token failed verification (" + idToken.reason().value() + ").");
		}
		LogtoHttpError error = map(ex);
		return isInvalidGrant(ex) ? new LogtoHttpError(400, error.code(), error.message()) : error;
	}

	/**
	 * @return whether the status is 5xx: the server or Logto failed, not the request
	 */
	public boolean isServerError() {
		return this.status >= 500;
	}

	private static LogtoHttpError map(LogtoException ex) {
		String code = ex.code();
		if (ex instanceof CallbackValidationException callback) {
			return new LogtoHttpError(400, code, callbackMessage(callback));
		}
		if (ex instanceof NotAuthenticatedException || ex instanceof MissingScopeException
				|| ex instanceof OpaqueTokenException) {
			// Messages built by the library from fixed text and configuration names only.
			return new LogtoHttpError(ex instanceof NotAuthenticatedException ? 401 : 400, code,
					Objects.requireNonNullElse(ex.getMessage(), code));
		}
		if (ex instanceof InvalidLogoutTokenException) {
			return new LogtoHttpError(400, code, "The back-channel logout token was refused.");
		}
		if (ex instanceof SessionExpiredException) {
			return new LogtoHttpError(401, code, "The session expired: sign in again.");
		}
		if (isInvalidGrant(ex)) {
			return new LogtoHttpError(401, code, "Logto refused the grant (invalid_grant): sign in again.");
		}
		if (ex instanceof OrganizationAccessException organization) {
			return new LogtoHttpError(403, code, "Logto refused the organization token (" + organization.error() + ").");
		}
		if (ex instanceof TokenEndpointException token) {
			return tokenEndpoint(token);
		}
		if (ex instanceof UserInfoException userInfo) {
			return new LogtoHttpError(502, code, "Logto's user-info endpoint refused the request (" + userInfo.error()
					+ ").");
		}
		if (ex instanceof LogtoTransportException transport) {
			return new LogtoHttpError(502, code,
					transport.isTimeout() ? "Logto did not answer in time." : "Logto could not be reached.");
		}
		if (ex instanceof InvalidResponseException) {
			return new LogtoHttpError(502, code, "Logto answered with an invalid response.");
		}
		if (ex instanceof SessionStoreException) {
			return new LogtoHttpError(503, code, "The session store is unavailable.");
		}
		if (ex instanceof SessionTooLargeException) {
			return new LogtoHttpError(500, code, "The session is too large to be stored.");
		}
		if (ex instanceof LogtoConfigurationException) {
			return new LogtoHttpError(500, code, "The application's Logto configuration is invalid.");
		}
		return new LogtoHttpError(500, code, "The request failed.");
	}

	private static LogtoHttpError tokenEndpoint(TokenEndpointException ex) {
		if (ex.isTransient()) {
			return new LogtoHttpError(502, ex.code(), "Logto's token endpoint is unavailable (HTTP " + ex.status() + ").");
		}
		String refused = "Logto refused the token request (" + ex.error() + ").";
		return switch (ex.error()) {
			case "invalid_target", "invalid_scope", "invalid_request" ->
				new LogtoHttpError(400, ex.code(), refused);
			case "access_denied", "insufficient_scope" -> new LogtoHttpError(403, ex.code(), refused);
			// invalid_client, unauthorized_client, unsupported_grant_type, a proxy's 4xx: this application's
			// registration or Logto's deployment, not the request.
			default -> new LogtoHttpError(502, ex.code(), "Logto refused this application's token request ("
					+ ex.error() + ").");
		};
	}

	private static boolean isInvalidGrant(LogtoException ex) {
		return ex instanceof TokenEndpointException token && !(ex instanceof SessionExpiredException)
				&& !token.isTransient() && "invalid_grant".equals(token.error());
	}

	private static String callbackMessage(CallbackValidationException ex) {
		if (ex.error() != CallbackError.ERROR_FOUND) {
			// Fixed text of the sign-in flow, naming at most a protocol parameter.
			return Objects.requireNonNullElse(ex.getMessage(), ex.code());
		}
		String error = ex.oauthError();
		String description = ex.oauthErrorDescription();
		if (ex.stateMatched() && error != null && description != null && !description.isBlank()) {
			return "Logto answered " + error + ": " + description;
		}
		return error == null ? CALLBACK_ERROR_DEFAULT_TEXT
				: CALLBACK_ERROR_TEXTS.getOrDefault(error, CALLBACK_ERROR_DEFAULT_TEXT);
	}
}
