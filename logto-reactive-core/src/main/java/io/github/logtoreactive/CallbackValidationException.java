package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;

/**
 * A sign-in callback was refused before any token was requested. Nothing in the session was changed, except that an
 * expired transaction is removed.
 *
 * <p>
 * The {@link #oauthError()} and {@link #oauthErrorDescription()} parameters come from the callback's URL, which anyone
 * can forge. They are Logto's words only when {@link #stateMatched()}: the callback's {@code state} belonged to a
 * pending sign-in of this session. Show the description to users only then ({@link LogtoHttpError} does).
 */
public final class CallbackValidationException extends LogtoException {

	private static final long serialVersionUID = 1L;

	private final CallbackError error;

	private final @Nullable String oauthError;

	private final @Nullable String oauthErrorDescription;

	private final boolean stateMatched;

	/**
	 * @param error why the callback was refused
	 * @param message a description without secrets
	 */
	public CallbackValidationException(CallbackError error, String message) {
		this(error, message, null, null, false);
	}

	/**
	 * @param error why the callback was refused
	 * @param message a description without secrets
	 * @param oauthError the {@code error} parameter Logto sent, for {@link CallbackError#ERROR_FOUND}
	 * @param oauthErrorDescription the {@code error_description} parameter Logto sent
	 * @param stateMatched whether the callback's {@code state} matched a pending sign-in of this session
	 */
	public CallbackValidationException(CallbackError error, String message, @Nullable String oauthError,
			@Nullable String oauthErrorDescription, boolean stateMatched) {
		super(error.code(), message, null);
		this.error = error;
		this.oauthError = oauthError;
		this.oauthErrorDescription = oauthErrorDescription;
		this.stateMatched = stateMatched;
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
	 * @return the OAuth {@code error_description} of the callback URL, or {@code null}; Logto's only when
	 * {@link #stateMatched()}, else possibly a forged link's text
	 */
	public @Nullable String oauthErrorDescription() {
		return this.oauthErrorDescription;
	}

	/**
	 * @return whether the callback's {@code state} matched a pending sign-in of this session (compared in constant
	 * time), so that its error parameters came back from a sign-in this user agent started
	 */
	public boolean stateMatched() {
		return this.stateMatched;
	}
}
