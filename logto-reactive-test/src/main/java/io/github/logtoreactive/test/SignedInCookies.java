package io.github.logtoreactive.test;

import java.util.Collections;
import java.util.Objects;

import org.springframework.http.ResponseCookie;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The cookies of a user agent that signed in through {@link WebTestClientSignIn}: the application's cookies after
 * the sign-in callback (the session cookie to send with later requests), where the callback redirected to, and the
 * test server's own browser session cookie. (Not core's {@code io.github.logtoreactive.SignInResult}, which is what
 * {@code LogtoClient.handleSignInCallback} answers.)
 *
 * <pre>{@code
 * SignedInCookies signedIn = WebTestClientSignIn.with(server).user("user-1").signIn(client);
 * client.get().uri("/me").cookies(signedIn::applyTo).exchange().expectStatus().isOk();
 * }</pre>
 *
 * <p>Immutable.
 */
public final class SignedInCookies {

	private final MultiValueMap<String, ResponseCookie> cookies;

	private final String redirectLocation;

	private final ResponseCookie logtoSessionCookie;

	SignedInCookies(MultiValueMap<String, ResponseCookie> cookies, String redirectLocation,
			ResponseCookie logtoSessionCookie) {
		this.cookies = new LinkedMultiValueMap<>(cookies);
		this.redirectLocation = redirectLocation;
		this.logtoSessionCookie = logtoSessionCookie;
	}

	/**
	 * @return the application's cookies set during sign-in (later values replace earlier ones, deleted cookies
	 * removed), by name
	 */
	public MultiValueMap<String, ResponseCookie> cookies() {
		return org.springframework.util.CollectionUtils.unmodifiableMultiValueMap(this.cookies);
	}

	/**
	 * @param name a cookie name
	 * @return the cookie's value, or {@code null}
	 */
	public String cookieValue(String name) {
		ResponseCookie cookie = this.cookies.getFirst(Objects.requireNonNull(name, "name"));
		return (cookie != null) ? cookie.getValue() : null;
	}

	/**
	 * Adds the application's cookies to a request, for {@code WebTestClient...cookies(result::applyTo)}.
	 * @param requestCookies the request's cookie map
	 */
	public void applyTo(MultiValueMap<String, String> requestCookies) {
		this.cookies.forEach((name, values) -> values.forEach((cookie) -> requestCookies.add(name, cookie.getValue())));
	}

	/** @return the {@code Location} the application's callback redirected to, or {@code null} */
	public String redirectLocation() {
		return this.redirectLocation;
	}

	/** @return the test server's {@code _session} cookie (to test end-session), or {@code null} */
	public ResponseCookie logtoSessionCookie() {
		return this.logtoSessionCookie;
	}

	@Override
	public String toString() {
		return "SignedInCookies{cookies=" + Collections.unmodifiableSet(this.cookies.keySet()) + ", redirectLocation="
				+ this.redirectLocation + "}";
	}
}
