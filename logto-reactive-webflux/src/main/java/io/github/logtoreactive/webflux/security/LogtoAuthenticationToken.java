package io.github.logtoreactive.webflux.security;

import java.util.Objects;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * The authentication of a user signed in with Logto: the principal is a {@link LogtoOidcUser} (an {@code OidcUser}
 * over the session's ID token), the authorities those of the {@link LogtoAuthoritiesMapper}. The credentials are never
 * exposed. Immutable.
 */
public final class LogtoAuthenticationToken extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 2L;

	private final LogtoOidcUser user;

	/**
	 * @param user the signed-in user, with its authorities
	 */
	public LogtoAuthenticationToken(LogtoOidcUser user) {
		super(user.getAuthorities());
		this.user = Objects.requireNonNull(user, "user");
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public LogtoOidcUser getPrincipal() {
		return this.user;
	}

	@Override
	public String getName() {
		return this.user.getName();
	}
}
