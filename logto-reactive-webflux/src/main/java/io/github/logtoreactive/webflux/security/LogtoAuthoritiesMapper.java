package io.github.logtoreactive.webflux.security;

import java.util.Collection;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;

/**
 * Maps the claims of a Logto token to Spring Security authorities: for a signed-in user the ID-token claims and the
 * session's granted scopes, for a resource server the access token's claims and its {@code scope}. Declare a bean of
 * this type to replace {@link #defaults()}; the Boot auto-configuration uses it for the security context, the default
 * chain and the resource-server support. Called on request threads: it must not block.
 *
 * <p>
 * The defaults cover Logto's model:
 * <table>
 * <caption>Default authorities</caption>
 * <tr><th>Claim</th><th>Authority</th><th>In {@code @PreAuthorize}</th></tr>
 * <tr><td>{@code roles}: {@code admin}</td><td>{@code ROLE_admin}</td><td>{@code hasRole('admin')}</td></tr>
 * <tr><td>{@code organizations}: {@code org-1}</td><td>{@code ORG_org-1}</td>
 * <td>{@code hasAuthority('ORG_' + #id)}</td></tr>
 * <tr><td>{@code organization_roles}: {@code org-1:admin}</td><td>{@code ORG_org-1:admin}</td>
 * <td>{@code hasAuthority('ORG_' + #id + ':admin')}</td></tr>
 * <tr><td>{@code organization_id}, or {@code aud} {@code urn:logto:organization:org-1}</td><td>{@code ORG_org-1}</td>
 * <td>{@code hasAuthority('ORG_' + #id)}</td></tr>
 * <tr><td>scopes: {@code read}</td><td>{@code SCOPE_read}</td><td>{@code hasAuthority('SCOPE_read')}</td></tr>
 * </table>
 */
@FunctionalInterface
public interface LogtoAuthoritiesMapper {

	/** The prefix of organization authorities: {@code ORG_<organizationId>} and {@code ORG_<organizationId>:<role>}. */
	String ORGANIZATION_PREFIX = "ORG_";

	/**
	 * @param claims the token's claims (values as decoded from JSON; a claim may be JSON {@code null})
	 * @param scopes the granted scopes (may be empty)
	 * @return the authorities (a new collection; may be empty)
	 */
	Collection<GrantedAuthority> authorities(Map<String, ? extends @Nullable Object> claims, Collection<String> scopes);

	/**
	 * @return the default mapping (see the class description)
	 */
	static LogtoAuthoritiesMapper defaults() {
		return DefaultLogtoAuthorities.INSTANCE;
	}
}
