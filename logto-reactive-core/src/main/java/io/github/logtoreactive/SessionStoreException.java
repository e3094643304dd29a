package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;

/**
 * The session store failed or did not answer within its timeout (e.g. Redis down). Nothing was half-written: the
 * stored session is either the old or the new one. Code {@code session_store.unavailable}.
 */
public final class SessionStoreException extends LogtoException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what failed
	 * @param cause the cause
	 */
	public SessionStoreException(String message, @Nullable Throwable cause) {
		super("session_store.unavailable", message, cause);
	}
}
