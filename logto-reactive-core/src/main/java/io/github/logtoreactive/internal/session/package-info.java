/**
 * Session encoding internals: HKDF key derivation, the compact JSON form of a session, DEFLATE, the JWE envelope,
 * cookie chunking and the store-side merge. Internal: may change in any release.
 */
@NullMarked
package io.github.logtoreactive.internal.session;

import org.jspecify.annotations.NullMarked;
