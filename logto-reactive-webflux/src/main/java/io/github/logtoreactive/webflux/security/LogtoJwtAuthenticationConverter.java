package io.github.logtoreactive.webflux.security;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Turns a validated Logto access token into Spring Security's {@link JwtAuthenticationToken} (name = {@code sub}),
 * with authorities from a {@link LogtoAuthoritiesMapper} over the token's claims and its {@code scope} (by default
 * {@code SCOPE_<scope>}, and {@code ORG_<id>} for the token's organization). Handlers read the organization with
 * {@link #organizationId(Jwt)}. Never blocks.
 */
public final class LogtoJwtAuthenticationConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

	private final LogtoAuthoritiesMapper authorities;

	/**
	 * @param authorities maps the token's claims and scopes to authorities
	 */
	public LogtoJwtAuthenticationConverter(LogtoAuthoritiesMapper authorities) {
		this.authorities = Objects.requireNonNull(authorities, "authorities");
	}

	@Override
	public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
		return Mono.just(new JwtAuthenticationToken(jwt, this.authorities.authorities(jwt.getClaims(), scopes(jwt)),
				jwt.getSubject()));
	}

	/**
	 * @param jwt a Logto access token
	 * @return its {@code scope} values (Logto may send an empty string or no claim: then none)
	 */
	public static List<String> scopes(Jwt jwt) {
		String scope = jwt.getClaimAsString("scope");
		if (scope == null || scope.isBlank()) {
			return List.of();
		}
		return Arrays.asList(scope.trim().split("\\s+"));
	}

	/**
	 * @param jwt a Logto access token
	 * @return the organization it is for: its {@code organization_id} claim (an organization-level API resource token),
	 * else the id in an {@code urn:logto:organization:<id>} audience (an organization token), else {@code null}
	 */
	public static @Nullable String organizationId(Jwt jwt) {
		String claim = jwt.getClaimAsString("organization_id");
		if (claim != null && !claim.isBlank()) {
			return claim;
		}
		List<String> audiences = jwt.getAudience() == null ? List.of() : jwt.getAudience();
		for (String audience : audiences) {
			if (audience.startsWith(DefaultLogtoAuthorities.ORGANIZATION_AUDIENCE_PREFIX)
					&& audience.length() > DefaultLogtoAuthorities.ORGANIZATION_AUDIENCE_PREFIX.length()) {
				return audience.substring(DefaultLogtoAuthorities.ORGANIZATION_AUDIENCE_PREFIX.length());
			}
		}
		return null;
	}
}
