package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;

/**
 * A sign-in callback was refused before any token was requested. Nothing in the session was changed, except that an
 * expired transaction is removed.
 */
public final class CallbackValidationException extends LogtoException {

	private static final long serialVersionUID = 1L;

	private final CallbackError error;

	private final @Nullable String oauthError;

	private final @Nullable String oauthErrorDescription;

	/**
	 * @param error why the callback was refused
	 * @param message a description without secrets
	 */
	public CallbackValidationException(CallbackError error, String message) {
		this(error, message, null, null);
	}

	/**
	 * @param error why the callback was refused
	 * @param message a description without secrets
	 * @param oauthError the {@code error} parameter Logto sent, for {@link CallbackError#ERROR_FOUND}
	 * @param oauthErrorDescription the {@code error_description} parameter Logto sent
	 */
	public CallbackValidationException(CallbackError error, String message, @Nullable String oauthError,
			@Nullable String oauthErrorDescription) {
		super(error.code(), message, null);
		this.error = error;
		this.oauthError = oauthError;
		this.oauthErrorDescription = oauthErrorDescription;
	}

	/**
	 * @return why the callback was refused
	 */
	public CallbackError error() {
		return this.error;
	}

	/**
	 * @return the OAuth {@code error} Logto sent (e.g. {@code access_denied}), or {@code null}
	 */
	public @Nullable String oauthError() {
		return this.oauthError;
	}

	/**
	 * @return the OAuth {@code error_description} Logto sent, or {@code null}
	 */
	public @Nullable String oauthErrorDescription() {
		return this.oauthErrorDescription;
	}
}
