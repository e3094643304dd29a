/**
 * Test support for applications using logto-reactive-webflux: {@link io.github.logtoreactive.webflux.test.MockLogtoUser}
 * signs a mock Logto user in to a {@code WebTestClient} bound to the application. Needs {@code spring-test} on the
 * test class path.
 */
@NullMarked
package io.github.logtoreactive.webflux.test;

import org.jspecify.annotations.NullMarked;
