package io.github.logtoreactive.store;

/**
 * Why a cookie did not yield a session (or transaction, or session id). Every reason means "no session": the cookie
 * is to be deleted and the user treated as signed out; none of them is ever thrown to the user.
 */
public enum DecodeFailure {

	/** No cookie at all: the normal state of a first visit. Not counted as a failure. */
	ABSENT,

	/** The value fails authentication: altered, moved from another cookie, or encrypted for another app. */
	TAMPERED,

	/** A chunk of a chunked cookie is missing. */
	TRUNCATED,

	/** Encrypted with a key id that no configured secret has (a secret was removed, or another app's cookie). */
	UNKNOWN_KEY,

	/** Not written for longer than the idle timeout. */
	EXPIRED_IDLE,

	/** Older than the absolute timeout. */
	EXPIRED_ABSOLUTE,

	/**
	 * A sign-in transaction started by another browser: the request lacks the binding cookie its transaction cookie
	 * was written for (copied or planted from elsewhere), or carries another one.
	 */
	UNBOUND,

	/** Not a cookie of this library: wrong characters, wrong structure, unknown format version. */
	MALFORMED

}
