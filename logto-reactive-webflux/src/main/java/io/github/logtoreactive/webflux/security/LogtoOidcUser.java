package io.github.logtoreactive.webflux.security;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.github.logtoreactive.IdTokenClaims;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * The principal of a user signed in with Logto: Spring's {@link DefaultOidcUser} over the session's ID token, so code
 * written for {@code oauth2Login()} ({@code @AuthenticationPrincipal OidcUser user}, {@code user.getEmail()},
 * {@code user.getIdToken()}) keeps working, with Logto's typed claims in {@link #idTokenClaims()}. The name is the
 * {@code sub} claim; claims that Logto sent as JSON {@code null} are absent from {@link #getClaims()}. Immutable.
 *
 * <pre>{@code
 * @GetMapping("/me")
 * Map<String, Object> me(@AuthenticationPrincipal OidcUser user) {
 *     return Map.of("sub", user.getSubject(), "email", user.getEmail());
 * }
 * }</pre>
 */
public final class LogtoOidcUser extends DefaultOidcUser {

	private static final long serialVersionUID = 1L;

	private final transient @Nullable IdTokenClaims idTokenClaims;

	/**
	 * @param idToken the ID token as Logto issued it (verified when it was stored)
	 * @param claims its claims
	 * @param authorities the user's authorities
	 */
	public LogtoOidcUser(String idToken, IdTokenClaims claims, Collection<? extends GrantedAuthority> authorities) {
		super(authorities, oidcIdToken(idToken, claims), IdTokenClaimNames.SUB);
		this.idTokenClaims = claims;
	}

	private static OidcIdToken oidcIdToken(String idToken, IdTokenClaims claims) {
		Objects.requireNonNull(idToken, "idToken");
		Map<String, Object> present = new LinkedHashMap<>();
		claims.claims().forEach((name, value) -> {
			if (value != null) {
				present.put(name, value);
			}
		});
		return new OidcIdToken(idToken, claims.iat(), claims.exp(), present);
	}

	/**
	 * @return Logto's typed view of the ID-token claims ({@code roles()}, {@code organizations()},
	 * {@code organizationRoles()}, ...)
	 */
	public IdTokenClaims idTokenClaims() {
		return this.idTokenClaims != null ? this.idTokenClaims : IdTokenClaims.of(getClaims());
	}
}
