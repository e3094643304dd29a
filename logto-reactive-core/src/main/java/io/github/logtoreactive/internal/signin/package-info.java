/**
 * Internal to logto-reactive: may change or disappear in any release without notice.
 */
@NullMarked
package io.github.logtoreactive.internal.signin;

import org.jspecify.annotations.NullMarked;
