package io.github.logtoreactive.webflux.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoSigningKeys;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Builds Spring Security's {@link NimbusReactiveJwtDecoder} for Logto access tokens (RFC 9068), for APIs protected by
 * Logto:
 * <ul>
 * <li>signature: the tenant's keys from {@link LogtoSigningKeys} (non-blocking, cached, refetched once for a rotated
 * key), Logto's algorithms only (ES256/384/512, RS256, PS256);</li>
 * <li>header {@code typ}: {@code at+jwt} (an ID token is refused);</li>
 * <li>{@code iss}: {@code <endpoint>/oidc};</li>
 * <li>{@code aud}: one of the API resource indicators, or with {@link Builder#organizationTokens(boolean)} any
 * organization ({@code urn:logto:organization:<id>});</li>
 * <li>{@code exp} required, {@code exp}/{@code nbf} with a clock tolerance (default 60 s).</li>
 * </ul>
 *
 * <pre>{@code
 * ReactiveJwtDecoder decoder = LogtoJwtDecoders.builder(LogtoSigningKeys.builder("https://tenant.logto.app").build())
 *     .audiences("https://api.example.com")
 *     .build();
 * }</pre>
 *
 * A token that fails any check is refused with a {@code BadJwtException} (401 {@code invalid_token} in a chain);
 * when Logto's keys cannot be read, the decoder fails with a {@code JwtException} whose cause is the
 * {@code LogtoException}. Never blocks.
 */
public final class LogtoJwtDecoders {

	private LogtoJwtDecoders() {
	}

	/**
	 * @param keys the tenant's signing keys (their issuer is the expected {@code iss})
	 * @return a builder
	 */
	public static Builder builder(LogtoSigningKeys keys) {
		return new Builder(keys);
	}

	/**
	 * Builds a decoder. Not thread-safe.
	 */
	public static final class Builder {

		private final LogtoSigningKeys keys;

		private final Set<String> audiences = new LinkedHashSet<>();

		private boolean organizationTokens;

		private Duration clockTolerance = Duration.ofSeconds(60);

		private Clock clock = Clock.systemUTC();

		private Builder(LogtoSigningKeys keys) {
			this.keys = Objects.requireNonNull(keys, "keys");
		}

		/**
		 * @param audiences the API resource indicators (or organization URNs) this API accepts
		 * @return this builder
		 */
		public Builder audiences(String... audiences) {
			return audiences(List.of(audiences));
		}

		/**
		 * @param audiences the API resource indicators (or organization URNs) this API accepts
		 * @return this builder
		 */
		public Builder audiences(Collection<String> audiences) {
			for (String audience : audiences) {
				if (audience == null || audience.isBlank()) {
					throw new LogtoConfigurationException("audiences", "audiences must not contain blank values");
				}
				this.audiences.add(audience.trim());
			}
			return this;
		}

		/**
		 * @param accept whether organization tokens of any organization ({@code aud} =
		 * {@code urn:logto:organization:<id>}) are accepted (default {@code false}); authorization rules then see the
		 * organization as {@code ORG_<id>}
		 * @return this builder
		 */
		public Builder organizationTokens(boolean accept) {
			this.organizationTokens = accept;
			return this;
		}

		/**
		 * @param tolerance how far {@code exp} and {@code nbf} may be off (default 60 s)
		 * @return this builder
		 */
		public Builder clockTolerance(Duration tolerance) {
			if (Objects.requireNonNull(tolerance, "clockTolerance").isNegative()) {
				throw new LogtoConfigurationException("clockTolerance", "clockTolerance must not be negative");
			}
			this.clockTolerance = tolerance;
			return this;
		}

		/**
		 * @param clock the clock deciding expiry (default system UTC)
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * @return the decoder
		 * @throws LogtoConfigurationException when neither an audience nor organization tokens are accepted
		 */
		public ReactiveJwtDecoder build() {
			if (this.audiences.isEmpty() && !this.organizationTokens) {
				throw new LogtoConfigurationException("audiences",
						"audiences is required: set the API resource indicator(s) this API accepts, e.g. https://api.example.com");
			}
			NimbusReactiveJwtDecoder decoder = new NimbusReactiveJwtDecoder(new LogtoAccessTokenProcessor(this.keys));
			JwtTimestampValidator timestamps = new JwtTimestampValidator(this.clockTolerance);
			timestamps.setClock(this.clock);
			List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
			validators.add(new JwtTypeValidator("at+jwt", "application/at+jwt"));
			validators.add(new JwtIssuerValidator(this.keys.issuer()));
			validators.add(audienceValidator(Set.copyOf(this.audiences), this.organizationTokens));
			validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull));
			validators.add(timestamps);
			decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
			return decoder;
		}

		private static OAuth2TokenValidator<Jwt> audienceValidator(Set<String> audiences, boolean organizationTokens) {
			OAuth2Error error = new OAuth2Error("invalid_token", "the token's aud is not this API", null);
			return jwt -> {
				List<String> aud = jwt.getAudience() == null ? List.of() : jwt.getAudience();
				for (String value : aud) {
					if (audiences.contains(value) || (organizationTokens
							&& value.startsWith(DefaultLogtoAuthorities.ORGANIZATION_AUDIENCE_PREFIX)
							&& value.length() > DefaultLogtoAuthorities.ORGANIZATION_AUDIENCE_PREFIX.length())) {
						return OAuth2TokenValidatorResult.success();
					}
				}
				return OAuth2TokenValidatorResult.failure(error);
			};
		}
	}
}
