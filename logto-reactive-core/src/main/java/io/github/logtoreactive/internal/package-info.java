/**
 * Implementation of logto-reactive. Everything under {@code io.github.logtoreactive.internal} is for internal use
 * only: it may change or disappear in any release without notice.
 */
@NullMarked
package io.github.logtoreactive.internal;

import org.jspecify.annotations.NullMarked;
