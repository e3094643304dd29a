/**
 * Logto in any HTTP server, without a web framework. An integration only translates between its server and these
 * types; the WebFlux filter is one such integration.
 *
 * <h2>The session of each request</h2>
 * {@link io.github.logtoreactive.web.RequestSessions}, built once from the engine and a
 * {@link io.github.logtoreactive.web.SessionStorage} (encrypted cookies, or a
 * {@link io.github.logtoreactive.store.SessionStore} named by a cookie), opens the
 * {@link io.github.logtoreactive.web.RequestSession} of each request from its cookies (name to value): it gives the
 * request's {@code LogtoClient}, reads the session once when the client first needs it, keeps it up to the newest
 * tokens, and returns the typed {@link io.github.logtoreactive.store.SetCookie}s to set right before the response is
 * committed; later changes are kept for the browser's next request or written through to the store.
 *
 * <h2>Logto's routes</h2>
 * {@link io.github.logtoreactive.web.LogtoRouteHandler} answers sign-in, the callback, sign-out and the user route
 * ({@link io.github.logtoreactive.web.LogtoRoutes}), decides whether a request may reach the application, and answers
 * failures ({@link io.github.logtoreactive.web.ErrorAnswers}), all as {@link io.github.logtoreactive.web.HttpAnswer}s
 * over a {@link io.github.logtoreactive.web.RouteRequest}, the integration's view of its request.
 *
 * <p>
 * Calls run one way: integration, then this package, then the client, the token flow, refresh coordination and the
 * store; nothing here calls back into an integration. Nothing in this package blocks.
 */
@NullMarked
package io.github.logtoreactive.web;

import org.jspecify.annotations.NullMarked;
