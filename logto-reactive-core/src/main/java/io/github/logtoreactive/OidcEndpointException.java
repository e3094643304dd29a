package io.github.logtoreactive;

import org.jspecify.annotations.Nullable;

/**
 * A Logto endpoint answered with an error. Carries the HTTP status, the OAuth {@code error} and
 * {@code error_description}, and Logto's own {@code code} (e.g. {@code oidc.invalid_grant}) when its JSON error body
 * had one.
 */
public abstract class OidcEndpointException extends LogtoException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final String error;

	private final @Nullable String errorDescription;

	private final @Nullable String logtoCode;

	/**
	 * @param prefix the code prefix, e.g. {@code token_endpoint}
	 * @param status the HTTP status
	 * @param error the OAuth error, or a synthetic one such as {@code http_error_502}
	 * @param errorDescription the description
	 * @param logtoCode Logto's {@code code}
	 * @param cause the cause
	 */
	protected OidcEndpointException(String prefix, int status, String error, @Nullable String errorDescription,
			@Nullable String logtoCode, @Nullable Throwable cause) {
		super(prefix + "." + error, prefix + " answered " + status + " " + error
				+ (errorDescription == null ? "" : ": " + errorDescription), cause);
		this.status = status;
		this.error = error;
		this.errorDescription = errorDescription;
		this.logtoCode = logtoCode;
	}

	/**
	 * @return the HTTP status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * @return the OAuth {@code error}, e.g. {@code invalid_grant}
	 */
	public String error() {
		return this.error;
	}

	/**
	 * @return the OAuth {@code error_description}, or {@code null}
	 */
	public @Nullable String errorDescription() {
		return this.errorDescription;
	}

	/**
	 * @return Logto's error {@code code}, e.g. {@code oidc.invalid_grant}, or {@code null}
	 */
	public @Nullable String logtoCode() {
		return this.logtoCode;
	}

	/**
	 * @return whether retrying later may succeed (5xx or 429)
	 */
	public boolean isTransient() {
		return this.status >= 500 || this.status == 429;
	}
}
