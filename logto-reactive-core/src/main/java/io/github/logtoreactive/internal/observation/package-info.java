/**
 * Micrometer Observation of the calls to Logto and of the Redis session store. Loaded only when an application hands
 * an {@code ObservationRegistry} to the engine, the signing keys or the store: {@code micrometer-observation} is an
 * optional dependency of the core. Internal: may change in any release.
 */
@NullMarked
package io.github.logtoreactive.internal.observation;

import org.jspecify.annotations.NullMarked;
