package io.github.logtoreactive;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A pending sign-in: what the callback needs to finish it. One per {@code state}, so several tabs can sign in at
 * once. Immutable; {@link #toString()} shows no secret.
 */
public final class SignInTransaction {

	private final String state;

	private final String codeVerifier;

	private final String nonce;

	private final String redirectUri;

	private final @Nullable String postRedirectUri;

	private final Instant createdAt;

	/**
	 * @param state the {@code state} sent to Logto
	 * @param codeVerifier the PKCE verifier
	 * @param nonce the {@code nonce} sent to Logto
	 * @param redirectUri the exact redirect URI sent to Logto
	 * @param postRedirectUri where to send the user after the callback, or {@code null}
	 * @param createdAt when the sign-in started
	 */
	public SignInTransaction(String state, String codeVerifier, String nonce, String redirectUri,
			@Nullable String postRedirectUri, Instant createdAt) {
		this.state = Objects.requireNonNull(state, "state");
		this.codeVerifier = Objects.requireNonNull(codeVerifier, "codeVerifier");
		this.nonce = Objects.requireNonNull(nonce, "nonce");
		this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri");
		this.postRedirectUri = postRedirectUri;
		this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
	}

	/**
	 * @return the {@code state}
	 */
	public String state() {
		return this.state;
	}

	/**
	 * @return the PKCE code verifier
	 */
	public String codeVerifier() {
		return this.codeVerifier;
	}

	/**
	 * @return the {@code nonce}
	 */
	public String nonce() {
		return this.nonce;
	}

	/**
	 * @return the redirect URI sent to Logto
	 */
	public String redirectUri() {
		return this.redirectUri;
	}

	/**
	 * @return where to go after the callback, or {@code null}
	 */
	public @Nullable String postRedirectUri() {
		return this.postRedirectUri;
	}

	/**
	 * @return when the sign-in started
	 */
	public Instant createdAt() {
		return this.createdAt;
	}

	/**
	 * @param now the current time
	 * @param ttl the transaction's time to live
	 * @return whether the transaction is too old to finish
	 */
	public boolean isExpired(Instant now, Duration ttl) {
		return !now.isBefore(this.createdAt.plus(ttl));
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof SignInTransaction other && this.state.equals(other.state)
				&& this.codeVerifier.equals(other.codeVerifier) && this.nonce.equals(other.nonce)
				&& this.redirectUri.equals(other.redirectUri)
				&& Objects.equals(this.postRedirectUri, other.postRedirectUri)
				&& this.createdAt.equals(other.createdAt);
	}

	@Override
	public int hashCode() {
		return this.state.hashCode();
	}

	@Override
	public String toString() {
		return "SignInTransaction{redirectUri=" + this.redirectUri + ", createdAt=" + this.createdAt + "}";
	}
}
