/**
 * Session storage: the {@link io.github.logtoreactive.store.SessionStore} SPI and its implementations.
 */
@NullMarked
package io.github.logtoreactive.store;

import org.jspecify.annotations.NullMarked;
