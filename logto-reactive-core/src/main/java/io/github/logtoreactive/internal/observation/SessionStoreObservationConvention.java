package io.github.logtoreactive.internal.observation;

import java.util.concurrent.TimeoutException;

import io.github.logtoreactive.LogtoException;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags of the observation of a session-store operation, {@value #NAME}: {@code operation} ({@code load},
 * {@code save}, {@code delete}, {@code acquire_lease}, {@code release_lease}) and {@code outcome} ({@code HIT} or
 * {@code MISS} for a load, {@code WRITTEN} or {@code CONFLICT} for a save, {@code ACQUIRED} or {@code BUSY} for a
 * lease, {@code SUCCESS} otherwise; {@code TIMEOUT}, {@code ERROR} or {@code CANCELLED} when it did not complete) and
 * {@code error.code} (the {@link LogtoException#code()} it failed with, e.g. {@code session_store.unavailable}, or
 * {@code none}). Never a session id or key.
 */
public final class SessionStoreObservationConvention implements ObservationConvention<SessionStoreObservationContext> {

	/** The observation's name, and so the timer's. */
	public static final String NAME = "logto.session.store.operations";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(SessionStoreObservationContext context) {
		return "logto session store " + context.operation().tag();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(SessionStoreObservationContext context) {
		return KeyValues.of("operation", context.operation().tag(), "outcome", outcome(context), "error.code",
				context.getError() instanceof LogtoException logto ? logto.code() : "none");
	}

	private static String outcome(SessionStoreObservationContext context) {
		Throwable error = context.getError();
		if (error != null) {
			return error.getCause() instanceof TimeoutException ? "TIMEOUT" : "ERROR";
		}
		if (context.isCancelled()) {
			return "CANCELLED";
		}
		return context.resultOutcome();
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof SessionStoreObservationContext;
	}
}
