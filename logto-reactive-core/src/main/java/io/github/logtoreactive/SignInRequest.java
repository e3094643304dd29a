package io.github.logtoreactive;

import java.net.URI;
import java.util.Objects;

/**
 * The result of {@link LogtoClient#signIn(SignInOptions)}: the Logto authorization URL to redirect the user agent to,
 * and the {@code state} of the sign-in transaction recorded in the session. Immutable.
 */
public final class SignInRequest {

	private final URI authorizationUri;

	private final String state;

	/**
	 * @param authorizationUri the authorization URL
	 * @param state the transaction's {@code state}
	 */
	public SignInRequest(URI authorizationUri, String state) {
		this.authorizationUri = Objects.requireNonNull(authorizationUri, "authorizationUri");
		this.state = Objects.requireNonNull(state, "state");
	}

	/**
	 * @return the URL to redirect the user agent to (HTTP 302/303)
	 */
	public URI authorizationUri() {
		return this.authorizationUri;
	}

	/**
	 * @return the {@code state} identifying this sign-in's transaction
	 */
	public String state() {
		return this.state;
	}

	@Override
	public String toString() {
		return "SignInRequest{authorizationUri=" + this.authorizationUri.getHost() + this.authorizationUri.getPath()
				+ "}";
	}
}
