package io.github.logtoreactive.internal.observation;

import java.util.concurrent.TimeoutException;

import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.internal.http.HttpResult;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import org.jspecify.annotations.Nullable;

/**
 * Names and tags of the observation of a call to Logto, {@value #NAME}. Every tag value comes from a small fixed set
 * (endpoint, grant type, HTTP status, outcome, the library's error code): never a token, code, user id or session id.
 *
 * <ul>
 * <li>{@code endpoint}: {@code discovery}, {@code jwks}, {@code token}, {@code userinfo}, {@code revocation}</li>
 * <li>{@code grant.type}: {@code authorization_code}, {@code refresh_token}, {@code client_credentials}, or
 * {@code none} for the other endpoints</li>
 * <li>{@code status}: Logto's HTTP status, or {@code none} when no answer came</li>
 * <li>{@code outcome}: {@code SUCCESS}, {@code CLIENT_ERROR} (4xx), {@code SERVER_ERROR} (5xx),
 * {@code INVALID_RESPONSE} (an answer that is not what the protocol says), {@code TIMEOUT}, {@code IO_ERROR}
 * (no connection or a broken one), {@code CANCELLED}</li>
 * <li>{@code error.code}: the {@link LogtoException#code()} the call failed with (e.g.
 * {@code token_endpoint.invalid_grant}, {@code transport.timeout}), or {@code none}</li>
 * </ul>
 * The URL of the endpoint is a high-cardinality key value ({@code http.url}, no query), for traces only.
 */
public final class LogtoHttpObservationConvention implements ObservationConvention<LogtoHttpObservationContext> {

	/** The observation's name, and so the timer's. */
	public static final String NAME = "logto.http.client.requests";

	static final String NONE = "none";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(LogtoHttpObservationContext context) {
		return "logto " + context.call().endpoint();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(LogtoHttpObservationContext context) {
		HttpResult answer = context.answer();
		String grantType = context.call().grantType();
		Throwable error = context.getError();
		return KeyValues.of("endpoint", context.call().endpoint(), "grant.type", grantType == null ? NONE : grantType,
				"status", answer == null ? NONE : Integer.toString(answer.status()), "outcome",
				outcome(context, answer, error), "error.code",
				error instanceof LogtoException logto ? logto.code() : NONE);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(LogtoHttpObservationContext context) {
		return KeyValues.of("http.url", context.url());
	}

	private static String outcome(LogtoHttpObservationContext context, @Nullable HttpResult answer,
			@Nullable Throwable error) {
		if (error == null) {
			return context.isCancelled() ? "CANCELLED" : "SUCCESS";
		}
		if (answer == null) {
			boolean timeout = error instanceof LogtoTransportException transport ? transport.isTimeout()
					: error instanceof TimeoutException;
			return timeout ? "TIMEOUT" : "IO_ERROR";
		}
		if (answer.status() >= 500) {
			return "SERVER_ERROR";
		}
		if (answer.status() >= 400) {
			return "CLIENT_ERROR";
		}
		return "INVALID_RESPONSE";
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof LogtoHttpObservationContext;
	}
}
