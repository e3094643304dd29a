package io.github.logtoreactive;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The result of a successful {@link LogtoClient#handleSignInCallback(String)}: the verified ID-token claims of the
 * user who signed in, and where the application asked to send them next. Immutable.
 */
public final class SignInResult {

	private final @Nullable String postRedirectUri;

	private final IdTokenClaims claims;

	/**
	 * @param postRedirectUri the post-sign-in redirect given at sign-in, or {@code null}
	 * @param claims the verified claims
	 */
	public SignInResult(@Nullable String postRedirectUri, IdTokenClaims claims) {
		this.postRedirectUri = postRedirectUri;
		this.claims = Objects.requireNonNull(claims, "claims");
	}

	/**
	 * @return where to send the user now (as given to {@link SignInOptions.Builder#postRedirectUri(String)}), or
	 * {@code null} when none was given
	 */
	public @Nullable String postRedirectUri() {
		return this.postRedirectUri;
	}

	/**
	 * @return the verified claims of the new ID token
	 */
	public IdTokenClaims claims() {
		return this.claims;
	}

	@Override
	public String toString() {
		return "SignInResult{postRedirectUri=" + this.postRedirectUri + ", sub=" + this.claims.sub() + "}";
	}
}
