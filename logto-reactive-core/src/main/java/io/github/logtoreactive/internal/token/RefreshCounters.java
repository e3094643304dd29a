package io.github.logtoreactive.internal.token;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the {@link RefreshCoordinator} counts since it was built, for the engine's statistics. Thread-safe, never
 * blocks; nothing on the path of a fresh token counts.
 */
final class RefreshCounters {

	/** Token requests made (each attempt of a retried request counts once). */
	final AtomicLong refreshes = new AtomicLong();

	/** Callers that joined a refresh already under way instead of starting one. */
	final AtomicLong joins = new AtomicLong();

	/** Requests that adopted tokens another request (or instance) had refreshed. */
	final AtomicLong adoptions = new AtomicLong();

	/** Refreshes that ended in an error. */
	final AtomicLong failures = new AtomicLong();

	/** Sessions retained after their response was committed (each retain call counts). */
	final AtomicLong retained = new AtomicLong();
}
