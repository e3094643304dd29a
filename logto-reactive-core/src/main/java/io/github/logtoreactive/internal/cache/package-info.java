/**
 * Internal to logto-reactive: may change or disappear in any release without notice.
 */
@NullMarked
package io.github.logtoreactive.internal.cache;

import org.jspecify.annotations.NullMarked;
