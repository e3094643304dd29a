package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;

/**
 * Logto could not be reached in time: connection refused, reset, or no complete response within the configured
 * timeout. Code {@code transport.timeout} or {@code transport.io}. Transient: the session keeps its tokens.
 */
public final class LogtoTransportException extends LogtoException {

	private static final long serialVersionUID = 1L;

	private final boolean timeout;

	/**
	 * @param timeout whether the failure was a timeout
	 * @param message what failed (an endpoint name, never a token)
	 * @param cause the cause
	 */
	public LogtoTransportException(boolean timeout, String message, @Nullable Throwable cause) {
		super(timeout ? "transport.timeout" : "transport.io", message, cause);
		this.timeout = timeout;
	}

	/**
	 * @return whether the failure was a timeout
	 */
	public boolean isTimeout() {
		return this.timeout;
	}
}
