/**
 * The implementation of the Logto-compatible test server.
 *
 * <p>Classes in this package are part of the internal API and may change without further notice. Everything
 * here runs on Reactor Netty event loops and must not block: state lives in concurrent maps, time comes from the
 * configured {@link java.time.Clock}, randomness from a generator seeded when the server is built.
 */
package io.github.logtoreactive.test.internal;
