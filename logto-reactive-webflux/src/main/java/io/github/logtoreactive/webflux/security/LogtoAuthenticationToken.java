package io.github.logtoreactive.webflux.security;

import java.util.Collection;

import io.github.logtoreactive.IdTokenClaims;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * The authentication of a user signed in with Logto: the principal is the {@link IdTokenClaims}; authorities are
 * {@code ROLE_<role>} for each Logto role and {@code SCOPE_<scope>} for each granted scope. The credentials are never
 * exposed ({@code null}). Immutable.
 */
public final class LogtoAuthenticationToken extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final transient IdTokenClaims claims;

	/**
	 * @param claims the ID-token claims
	 * @param authorities the authorities
	 */
	public LogtoAuthenticationToken(IdTokenClaims claims, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.claims = claims;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public IdTokenClaims getPrincipal() {
		return this.claims;
	}

	@Override
	public String getName() {
		return this.claims.sub();
	}
}
