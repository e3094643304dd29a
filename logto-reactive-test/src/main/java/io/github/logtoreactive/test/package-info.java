/**
 * An embeddable, Logto-compatible OpenID Connect server for tests and local development.
 *
 * <p>{@link io.github.logtoreactive.test.LogtoTestServer} is the entry point: describe the users, API resources,
 * roles, organizations and applications as a {@link io.github.logtoreactive.test.TestTenant} (or load them from
 * JSON/YAML), start the server on a free port and point a client at
 * {@link io.github.logtoreactive.test.LogtoTestServer#issuer()}. The server follows
 * Logto's wire behaviour (issuer {@code <base>/oidc}, ES384 keys, opaque userinfo access tokens, JWT resource
 * and organization tokens, refresh-token rotation with a 3 second reuse window, Logto's JSON error bodies).
 *
 * <p><strong>Threading.</strong> Request handling runs on Reactor Netty event loops and never blocks.
 * {@code start()} and {@code stop()} block the calling thread until the socket is bound or released; call them
 * from a test or main thread, never from a reactive pipeline.
 *
 * <p>Types in {@code io.github.logtoreactive.test.internal} are not API and may change in any release.
 */
package io.github.logtoreactive.test;
