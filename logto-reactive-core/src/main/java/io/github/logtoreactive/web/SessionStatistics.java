package io.github.logtoreactive.web;

/**
 * Counters of a {@link RequestSessions} since it was built.
 *
 * @param afterCommitSaves session changes made after their response was committed (kept for the next request, or
 * written through to the store)
 * @param cookieWrites session cookies written
 * @param cookieBytes total bytes of session cookie values written
 * @param maxCookieBytes the largest session cookie value written (all chunks)
 * @param maxChunks the most chunks a session cookie used
 * @param oversizedSessions sessions too large for cookies (not written)
 */
public record SessionStatistics(long afterCommitSaves, long cookieWrites, long cookieBytes, long maxCookieBytes,
		long maxChunks, long oversizedSessions) {
}
