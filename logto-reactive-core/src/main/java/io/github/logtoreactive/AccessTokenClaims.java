package io.github.logtoreactive;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.logtoreactive.internal.ClaimValues;
import org.jspecify.annotations.Nullable;

/**
 * The claims of a JWT access token (an API resource token, an organization token or an organization-level API
 * resource token), decoded without re-verifying the signature: the token came straight from Logto's token endpoint.
 * Immutable.
 *
 * <p>
 * Logto's claims: {@code jti, iss, sub, aud, client_id, scope, exp, iat}, plus {@code organization_id} for
 * organization-level API resource tokens and any custom JWT claims (see {@link #claims()}). {@code scope} can be the
 * empty string.
 */
public final class AccessTokenClaims {

	private final Map<String, Object> claims;

	/**
	 * @param claims the decoded payload
	 */
	public AccessTokenClaims(Map<String, Object> claims) {
		this.claims = ClaimValues.copy(Objects.requireNonNull(claims, "claims"));
	}

	/**
	 * @return the token id, or {@code null}
	 */
	public @Nullable String jti() {
		return ClaimValues.string(this.claims, "jti");
	}

	/**
	 * @return the issuer, or {@code null}
	 */
	public @Nullable String iss() {
		return ClaimValues.string(this.claims, "iss");
	}

	/**
	 * @return the subject: the user id, or the client id for machine-to-machine tokens
	 */
	public @Nullable String sub() {
		return ClaimValues.string(this.claims, "sub");
	}

	/**
	 * @return the audiences: the API resource indicator, or {@code urn:logto:organization:<id>}
	 */
	public List<String> aud() {
		return ClaimValues.strings(this.claims, "aud");
	}

	/**
	 * @return the client the token was issued to, or {@code null}
	 */
	public @Nullable String clientId() {
		return ClaimValues.string(this.claims, "client_id");
	}

	/**
	 * @return the space-separated scope as issued (possibly empty), or {@code null} when absent
	 */
	public @Nullable String scope() {
		return ClaimValues.string(this.claims, "scope");
	}

	/**
	 * @return the granted scopes (empty when none)
	 */
	public List<String> scopes() {
		String scope = scope();
		if (scope == null || scope.isBlank()) {
			return List.of();
		}
		return Arrays.stream(scope.trim().split("\\s+")).toList();
	}

	/**
	 * @return the organization of an organization-level API resource token, or {@code null}
	 */
	public @Nullable String organizationId() {
		return ClaimValues.string(this.claims, "organization_id");
	}

	/**
	 * @return the expiry, or {@code null}
	 */
	public @Nullable Instant exp() {
		return ClaimValues.epochSeconds(this.claims, "exp");
	}

	/**
	 * @return the issue time, or {@code null}
	 */
	public @Nullable Instant iat() {
		return ClaimValues.epochSeconds(this.claims, "iat");
	}

	/**
	 * @param name a claim name
	 * @return the raw claim value, or {@code null}
	 */
	public @Nullable Object claim(String name) {
		return this.claims.get(name);
	}

	/**
	 * @return all claims (unmodifiable)
	 */
	public Map<String, Object> claims() {
		return this.claims;
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof AccessTokenClaims other && this.claims.equals(other.claims);
	}

	@Override
	public int hashCode() {
		return this.claims.hashCode();
	}

	@Override
	public String toString() {
		return "AccessTokenClaims{aud=" + aud() + ", sub=" + sub() + ", scope=" + scope() + ", exp=" + exp() + "}";
	}
}
