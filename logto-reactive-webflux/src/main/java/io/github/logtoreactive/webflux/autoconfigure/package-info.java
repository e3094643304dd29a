/**
 * Spring Boot auto-configuration of logto-reactive for reactive web applications, bound to the {@code logto.*}
 * properties.
 */
@NullMarked
package io.github.logtoreactive.webflux.autoconfigure;

import org.jspecify.annotations.NullMarked;
