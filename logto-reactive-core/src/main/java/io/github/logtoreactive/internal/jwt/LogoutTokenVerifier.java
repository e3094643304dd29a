package io.github.logtoreactive.internal.jwt;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWKSecurityContext;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.github.logtoreactive.IdTokenVerificationException;
import io.github.logtoreactive.InvalidLogoutTokenException;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.internal.discovery.DiscoveryCache;
import io.github.logtoreactive.internal.discovery.OidcProviderMetadata;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Verifies a back-channel logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6) as Logto signs it, with
 * the keys of the engine's {@link JwksCache} and without letting nimbus fetch anything: a signed JWT whose
 * {@code typ}, when present, is {@code logout+jwt}; an allowed asymmetric algorithm and a signature by one of Logto's
 * keys; {@code iss} the discovered issuer; {@code aud} containing the app id; {@code iat} not in the future and the
 * token not expired ({@code exp}, else {@value #DEFAULT_LIFETIME_SECONDS} s after {@code iat}), both with
 * {@link LogtoConfig#clockTolerance()}; a {@code jti}; {@code events} a JSON object whose
 * {@value #EVENT} member is a JSON object; no {@code nonce}; {@code sid} and/or {@code sub}. Whether the {@code jti}
 * was seen before is the caller's check. Never blocks.
 * <p>
 * Public only because the web package's back-channel logout route uses it.
 */
public final class LogoutTokenVerifier {

	/** The event member a logout token carries. */
	public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	/** The lifetime assumed for a logout token without {@code exp} (Logto's tokens last 120 s). */
	static final long DEFAULT_LIFETIME_SECONDS = 120;

	private final DiscoveryCache discovery;

	private final JwksCache jwks;

	private final String appId;

	private final Duration tolerance;

	private final Clock clock;

	/**
	 * @param discovery issuer and allowed algorithms
	 * @param jwks Logto's signing keys
	 * @param config the configuration (app id, clock tolerance)
	 * @param clock the engine's clock
	 */
	public LogoutTokenVerifier(DiscoveryCache discovery, JwksCache jwks, LogtoConfig config, Clock clock) {
		this.discovery = Objects.requireNonNull(discovery, "discovery");
		this.jwks = Objects.requireNonNull(jwks, "jwks");
		this.appId = config.appId();
		this.tolerance = config.clockTolerance();
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * The claims of a verified logout token.
	 *
	 * @param jti the token's id
	 * @param sid Logto's session id, or {@code null}
	 * @param sub the subject, or {@code null} (one of the two is present)
	 * @param issuedAt the token's {@code iat}
	 * @param acceptedUntil until when the token would still be accepted (how long its {@code jti} must be kept)
	 */
	public record LogoutToken(String jti, @Nullable String sid, @Nullable String sub, Instant issuedAt,
			Instant acceptedUntil) {
	}

	/**
	 * @param token the compact logout token
	 * @return the verified claims (lazy). Errors: {@link InvalidLogoutTokenException} for a token that fails a check;
	 * discovery and JWKS failures as they come ({@code LogtoTransportException}, {@code InvalidResponseException})
	 */
	public Mono<LogoutToken> verify(String token) {
		return Mono.defer(() -> {
			SignedJWT jwt = parse(token);
			JOSEObjectType typ = jwt.getHeader().getType();
			if (typ != null && !isLogoutType(typ.getType())) {
				return Mono.error(refused("its typ is not logout+jwt"));
			}
			return this.discovery.get().flatMap(metadata -> {
				JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
				if (!metadata.idTokenSigningAlgorithms().contains(alg)) {
					return Mono.error(refused("its algorithm " + alg + " is not allowed"));
				}
				return this.jwks.keys(jwt.getHeader().getKeyID())
					.onErrorMap(IdTokenVerificationException.class, ex -> refused("no Logto key has its kid"))
					.map(keys -> verifyWithKeys(jwt, keys, metadata));
			});
		});
	}

	private static boolean isLogoutType(String typ) {
		String lower = typ.toLowerCase(Locale.ROOT);
		return lower.equals("logout+jwt") || lower.equals("application/logout+jwt");
	}

	private static SignedJWT parse(String token) {
		try {
			return SignedJWT.parse(token);
		}
		catch (ParseException ex) {
			throw refused("it is not a signed JWT");
		}
	}

	private LogoutToken verifyWithKeys(SignedJWT jwt, List<JWK> keys, OidcProviderMetadata metadata) {
		DefaultJWTProcessor<JWKSecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier((type, context) -> {
			// checked above, with its own message
		});
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.copyOf(metadata.idTokenSigningAlgorithms()),
				new JWKSecurityContextJWKSet()));
		processor.setJWTClaimsSetVerifier(null);
		JWTClaimsSet claims;
		try {
			claims = processor.process(jwt, new JWKSecurityContext(keys));
		}
		catch (BadJOSEException | JOSEException ex) {
			throw refused("its signature does not verify with Logto's key");
		}
		if (!metadata.issuer().equals(claims.getIssuer())) {
			throw refused("its issuer is not " + metadata.issuer());
		}
		if (claims.getAudience() == null || !claims.getAudience().contains(this.appId)) {
			throw refused("its audience does not contain this application");
		}
		Instant now = this.clock.instant();
		Date iat = claims.getIssueTime();
		if (iat == null) {
			throw refused("it has no iat");
		}
		Instant issuedAt = iat.toInstant();
		if (issuedAt.isAfter(now.plus(this.tolerance))) {
			throw refused("it is issued in the future");
		}
		Instant expires = claims.getExpirationTime() != null ? claims.getExpirationTime().toInstant()
				: issuedAt.plusSeconds(DEFAULT_LIFETIME_SECONDS);
		Instant acceptedUntil = expires.plus(this.tolerance);
		if (!now.isBefore(acceptedUntil)) {
			throw refused("it expired");
		}
		String jti = claims.getJWTID();
		if (jti == null || jti.isEmpty()) {
			throw refused("it has no jti");
		}
		if (!(claims.getClaim("events") instanceof Map<?, ?> events) || !(events.get(EVENT) instanceof Map<?, ?>)) {
			throw refused("its events claim has no back-channel logout event");
		}
		if (claims.getClaim("nonce") != null) {
			throw refused("it carries a nonce");
		}
		String sid = string(claims, "sid");
		String sub = claims.getSubject();
		if (sid == null && (sub == null || sub.isEmpty())) {
			throw refused("it names neither sid nor sub");
		}
		return new LogoutToken(jti, sid, sub == null || sub.isEmpty() ? null : sub, issuedAt, acceptedUntil);
	}

	private static @Nullable String string(JWTClaimsSet claims, String name) {
		return claims.getClaim(name) instanceof String s && !s.isEmpty() ? s : null;
	}

	private static InvalidLogoutTokenException refused(String why) {
		return new InvalidLogoutTokenException("the logout token is refused: " + why, null);
	}
}
