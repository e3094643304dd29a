/**
 * Spring Security integration: a {@code SecurityContext} built from the Logto session, so
 * {@code @AuthenticationPrincipal} and {@code authorizeExchange} work. Loaded only when Spring Security is present.
 */
@NullMarked
package io.github.logtoreactive.webflux.security;

import org.jspecify.annotations.NullMarked;
