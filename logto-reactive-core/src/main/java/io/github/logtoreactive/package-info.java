/**
 * logto-reactive core: Reactor pipelines for the Logto OpenID Connect flow.
 *
 * <h2>Threading contract</h2>
 * <ul>
 * <li>Nothing in this library blocks. Every operation returns a lazy {@code Mono} or {@code Flux}: no HTTP call, no
 * random number, no store access happens before subscription.</li>
 * <li>Results are emitted on Reactor Netty event-loop threads, or on the subscriber's thread when served from a
 * cache. Do not block in downstream operators; to do blocking work, {@code publishOn(Schedulers.boundedElastic())}.</li>
 * <li>The library switches threads only for timeouts and retry backoff, on the configured {@code Scheduler}.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Failures are signalled as subtypes of {@link io.github.logtoreactive.LogtoException}. Messages never contain
 * tokens, codes, secrets or full callback URLs.
 */
@NullMarked
package io.github.logtoreactive;

import org.jspecify.annotations.NullMarked;
