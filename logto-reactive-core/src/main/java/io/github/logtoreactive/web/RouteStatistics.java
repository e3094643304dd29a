package io.github.logtoreactive.web;

/**
 * Counters of a {@link LogtoRouteHandler} since it was built.
 *
 * @param callbackFailures refused sign-in callbacks
 * @param refusedCrossSite cross-site sign-out requests refused
 */
public record RouteStatistics(long callbackFailures, long refusedCrossSite) {
}
