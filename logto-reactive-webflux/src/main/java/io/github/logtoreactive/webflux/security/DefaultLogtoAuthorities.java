package io.github.logtoreactive.webflux.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * {@link LogtoAuthoritiesMapper#defaults()}: global roles, organizations, organization roles and scopes. Values that
 * are not non-blank strings are skipped; duplicates are dropped, the order is stable.
 */
final class DefaultLogtoAuthorities implements LogtoAuthoritiesMapper {

	static final DefaultLogtoAuthorities INSTANCE = new DefaultLogtoAuthorities();

	/** The audience prefix of Logto organization tokens. */
	static final String ORGANIZATION_AUDIENCE_PREFIX = "urn:logto:organization:";

	private DefaultLogtoAuthorities() {
	}

	@Override
	public Collection<GrantedAuthority> authorities(Map<String, ? extends @Nullable Object> claims,
			Collection<String> scopes) {
		Set<String> names = new LinkedHashSet<>();
		strings(claims.get("roles")).forEach(role -> names.add("ROLE_" + role));
		strings(claims.get("organizations")).forEach(id -> names.add(ORGANIZATION_PREFIX + id));
		for (String entry : strings(claims.get("organization_roles"))) {
			int colon = entry.indexOf(':');
			if (colon > 0 && colon < entry.length() - 1) {
				names.add(ORGANIZATION_PREFIX + entry);
			}
		}
		if (claims.get("organization_id") instanceof String id && !id.isBlank()) {
			names.add(ORGANIZATION_PREFIX + id);
		}
		for (String audience : strings(claims.get("aud"))) {
			if (audience.startsWith(ORGANIZATION_AUDIENCE_PREFIX)
					&& audience.length() > ORGANIZATION_AUDIENCE_PREFIX.length()) {
				names.add(ORGANIZATION_PREFIX + audience.substring(ORGANIZATION_AUDIENCE_PREFIX.length()));
			}
		}
		scopes.stream().filter(scope -> scope != null && !scope.isBlank()).forEach(scope -> names.add("SCOPE_" + scope));
		List<GrantedAuthority> authorities = new ArrayList<>(names.size());
		names.forEach(name -> authorities.add(new SimpleGrantedAuthority(name)));
		return authorities;
	}

	private static List<String> strings(@Nullable Object value) {
		if (value instanceof String s) {
			return s.isBlank() ? List.of() : List.of(s);
		}
		if (value instanceof Collection<?> values) {
			List<String> result = new ArrayList<>(values.size());
			for (Object item : values) {
				if (item instanceof String s && !s.isBlank()) {
					result.add(s);
				}
			}
			return result;
		}
		return List.of();
	}

	@Override
	public String toString() {
		return "LogtoAuthoritiesMapper.defaults()";
	}
}
