/**
 * The real {@code oidc-provider} (the engine of Logto's server), configured like Logto, as a second,
 * independent test peer next to {@link io.github.logtoreactive.test.LogtoTestServer}.
 *
 * <p>{@link io.github.logtoreactive.test.peer.OidcProviderPeer} starts {@code node logto-like-provider.mjs}
 * (in {@code oidc-provider-peer/src/main/node}, installed with {@code npm ci}) as a child process.
 * Starting, stopping and the test controls block the calling thread: call them from the test's main thread only.
 */
package io.github.logtoreactive.test.peer;
