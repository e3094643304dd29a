/**
 * Spring WebFlux adapter for logto-reactive: {@link io.github.logtoreactive.webflux.LogtoWebFilter} (sign-in,
 * callback, sign-out and user routes, route protection, streaming-safe session persistence),
 * {@link io.github.logtoreactive.webflux.LogtoWebExceptionHandler} (library errors escaping handlers answered like the
 * filter's routes), the per-exchange {@link io.github.logtoreactive.LogtoClient}, and {@code WebClient} filters that
 * attach tokens. Nothing here blocks.
 */
@NullMarked
package io.github.logtoreactive.webflux;

import org.jspecify.annotations.NullMarked;
