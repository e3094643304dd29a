/**
 * Logto's routes for any HTTP server, without a web framework: {@link io.github.logtoreactive.web.LogtoRouteHandler}
 * answers sign-in, the callback, sign-out and the user route ({@link io.github.logtoreactive.web.LogtoRoutes}),
 * decides whether a request may reach the application, and answers failures, all as
 * {@link io.github.logtoreactive.web.HttpAnswer}s. An integration implements
 * {@link io.github.logtoreactive.web.RouteRequest} over its server's request, writes the answers back, and takes the
 * request's session from {@link io.github.logtoreactive.store.RequestSessions}; the WebFlux filter is one such
 * integration.
 *
 * <p>
 * Nothing in this package blocks.
 */
@NullMarked
package io.github.logtoreactive.web;

import org.jspecify.annotations.NullMarked;
