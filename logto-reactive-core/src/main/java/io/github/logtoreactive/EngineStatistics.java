package io.github.logtoreactive;

/**
 * Counters of one {@link LogtoEngine} since it was built, for metrics (the WebFlux module exports them to
 * Micrometer). Immutable snapshot.
 *
 * @param refreshes token requests made to refresh user sessions (each attempt counts)
 * @param singleFlightJoins callers that joined a refresh already under way instead of starting one
 * @param adoptions requests that adopted tokens another request had refreshed (no replay of a rotated token)
 * @param refreshFailures refreshes that ended in an error
 * @param retainedAfterCommit sessions whose tokens changed after their response was committed, kept server-side
 */
public record EngineStatistics(long refreshes, long singleFlightJoins, long adoptions, long refreshFailures,
		long retainedAfterCommit) {
}
