package io.github.logtoreactive.internal.jwt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWKSecurityContext;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.IdTokenVerificationException;
import io.github.logtoreactive.IdTokenVerificationException.Reason;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.internal.discovery.DiscoveryCache;
import io.github.logtoreactive.internal.discovery.OidcProviderMetadata;
import io.github.logtoreactive.internal.session.RecentlyDecoded;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Verifies Logto ID tokens, without blocking and without letting nimbus fetch anything: keys come from the engine's
 * {@link JwksCache}, and nimbus's {@link DefaultJWTProcessor} only checks the signature against them through a
 * {@link JWKSecurityContext}.
 *
 * <p>
 * Checks, in order, each failing with {@link IdTokenVerificationException} and its {@link Reason}:
 * <ol>
 * <li>a signed JWT ({@code MALFORMED}); its {@code alg} in the allow-list, i.e. the discovered
 * {@code id_token_signing_alg_values_supported} that are asymmetric: never {@code none}, never HMAC, so an HS256
 * token "signed" with the public key is refused ({@code ALGORITHM_NOT_ALLOWED});</li>
 * <li>a key with the token's {@code kid}, refetching the JWKS when it is not cached (Logto rotated its keys), see
 * {@link JwksCache} ({@code UNKNOWN_KEY}); the signature ({@code BAD_SIGNATURE});</li>
 * <li>{@code sub}, {@code exp}, {@code iat} present ({@code MISSING_CLAIM}); {@code iss} equal to the discovered
 * issuer ({@code ISSUER_MISMATCH}); {@code aud}, a string or an array, containing the app id, and {@code azp}, when
 * present, equal to it ({@code AUDIENCE_MISMATCH});</li>
 * <li>{@code exp} not past and {@code iat}/{@code nbf} not in the future, both with
 * {@link LogtoConfig#clockTolerance()} ({@code EXPIRED}, {@code ISSUED_IN_FUTURE});</li>
 * <li>{@code nonce} equal to the expected one when one is expected ({@code NONCE_MISMATCH}).</li>
 * </ol>
 * Logto sends no {@code at_hash}, so none is required. Discovery and JWKS failures are signalled as they come
 * ({@link io.github.logtoreactive.LogtoTransportException}, {@link io.github.logtoreactive.InvalidResponseException}).
 * <p>
 * Public only because {@code EngineComponents}, {@code DefaultLogtoClient} and the internal token and signin packages
 * use it.
 */
public final class IdTokenVerifier {

	/**
	 * Claims of the ID tokens read last ({@link #decode}): a signed-in session's ID token is read on every request
	 * that asks for its claims, and parsing it again costs more than the rest of such a request.
	 */
	private static final RecentlyDecoded<IdTokenClaims> DECODED = new RecentlyDecoded<>(256);

	private final DiscoveryCache discovery;

	private final JwksCache jwks;

	private final String appId;

	private final Duration tolerance;

	private final Clock clock;

	/**
	 * @param discovery issuer and allowed algorithms
	 * @param jwks the signing keys
	 * @param config the configuration (app id, clock tolerance)
	 * @param clock the clock for time checks
	 */
	public IdTokenVerifier(DiscoveryCache discovery, JwksCache jwks, LogtoConfig config, Clock clock) {
		this.discovery = Objects.requireNonNull(discovery, "discovery");
		this.jwks = Objects.requireNonNull(jwks, "jwks");
		this.appId = config.appId();
		this.tolerance = config.clockTolerance();
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * @param idToken the compact ID token
	 * @param expectedNonce the {@code nonce} the token must carry, or {@code null} when none is expected (e.g. an ID
	 * token from a refresh)
	 * @return the verified claims (lazy)
	 */
	public Mono<IdTokenClaims> verify(String idToken, @Nullable String expectedNonce) {
		Objects.requireNonNull(idToken, "idToken");
		return this.discovery.get().flatMap(metadata -> {
			SignedJWT jwt = parseSigned(idToken);
			JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
			if (!metadata.idTokenSigningAlgorithms().contains(alg)) {
				return Mono.error(new IdTokenVerificationException(Reason.ALGORITHM_NOT_ALLOWED,
						"the ID token's algorithm " + alg + " is not allowed (allowed: "
								+ metadata.idTokenSigningAlgorithms() + ")",
						null));
			}
			return this.jwks.keys(jwt.getHeader().getKeyID())
				.map(keys -> verifyWithKeys(jwt, keys, metadata, expectedNonce));
		});
	}

	/**
	 * Decodes an ID token that was verified before (e.g. the one stored in the session), without checking it again.
	 * @param idToken the compact ID token
	 * @return the claims
	 * @throws IdTokenVerificationException {@code MALFORMED} or {@code MISSING_CLAIM} when it cannot be decoded
	 */
	public static IdTokenClaims decode(String idToken) {
		IdTokenClaims seen = DECODED.get(idToken);
		if (seen != null) {
			return seen;
		}
		IdTokenClaims claims = claimsOf(parseSigned(idToken));
		DECODED.put(idToken, claims);
		return claims;
	}

	private static SignedJWT parseSigned(String idToken) {
		JWT jwt;
		try {
			jwt = JWTParser.parse(idToken);
		}
		catch (ParseException ex) {
			throw new IdTokenVerificationException(Reason.MALFORMED, "the ID token is not a JWT", ex);
		}
		if (jwt instanceof SignedJWT signed) {
			return signed;
		}
		throw new IdTokenVerificationException(Reason.ALGORITHM_NOT_ALLOWED,
				"the ID token is not signed (alg " + jwt.getHeader().getAlgorithm() + ")", null);
	}

	private IdTokenClaims verifyWithKeys(SignedJWT jwt, List<JWK> keys, OidcProviderMetadata metadata,
			@Nullable String expectedNonce) {
		DefaultJWTProcessor<JWKSecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(
				new JWSVerificationKeySelector<>(Set.copyOf(metadata.idTokenSigningAlgorithms()),
						new JWKSecurityContextJWKSet()));
		// claims are checked below, with a reason per failure
		processor.setJWTClaimsSetVerifier(null);
		try {
			processor.process(jwt, new JWKSecurityContext(keys));
		}
		catch (BadJOSEException | JOSEException ex) {
			throw new IdTokenVerificationException(Reason.BAD_SIGNATURE,
					"the ID token's signature does not verify with Logto's key", ex);
		}
		IdTokenClaims claims = claimsOf(jwt);
		checkClaims(claims, metadata.issuer(), expectedNonce);
		return claims;
	}

	private static IdTokenClaims claimsOf(SignedJWT jwt) {
		Map<String, Object> payload = jwt.getPayload().toJSONObject();
		if (payload == null) {
			throw new IdTokenVerificationException(Reason.MALFORMED, "the ID token's payload is not a JSON object",
					null);
		}
		for (String required : List.of("sub", "exp", "iat")) {
			if (payload.get(required) == null) {
				throw new IdTokenVerificationException(Reason.MISSING_CLAIM,
						"the ID token has no '" + required + "' claim", null);
			}
		}
		if (!(payload.get("iss") instanceof String)) {
			throw new IdTokenVerificationException(Reason.ISSUER_MISMATCH, "the ID token has no issuer", null);
		}
		Object aud = payload.get("aud");
		if (!(aud instanceof String) && !(aud instanceof List<?>)) {
			throw new IdTokenVerificationException(Reason.AUDIENCE_MISMATCH, "the ID token has no audience", null);
		}
		try {
			return IdTokenClaims.of(payload);
		}
		catch (IllegalArgumentException ex) {
			throw new IdTokenVerificationException(Reason.MALFORMED, "the ID token's claims are malformed", ex);
		}
	}

	private void checkClaims(IdTokenClaims claims, String issuer, @Nullable String expectedNonce) {
		if (!issuer.equals(claims.iss())) {
			throw new IdTokenVerificationException(Reason.ISSUER_MISMATCH,
					"the ID token's issuer is not " + issuer, null);
		}
		if (!claims.aud().contains(this.appId)) {
			throw new IdTokenVerificationException(Reason.AUDIENCE_MISMATCH,
					"the ID token's audience does not contain this application", null);
		}
		Object azp = claims.claim("azp");
		if (azp != null && !this.appId.equals(azp)) {
			throw new IdTokenVerificationException(Reason.AUDIENCE_MISMATCH,
					"the ID token was issued to another party (azp)", null);
		}
		Instant now = this.clock.instant();
		if (now.minus(this.tolerance).isAfter(claims.exp())) {
			throw new IdTokenVerificationException(Reason.EXPIRED, "the ID token expired at " + claims.exp(), null);
		}
		if (claims.iat().isAfter(now.plus(this.tolerance))) {
			throw new IdTokenVerificationException(Reason.ISSUED_IN_FUTURE,
					"the ID token is issued in the future (" + claims.iat() + ")", null);
		}
		Object nbf = claims.claim("nbf");
		if (nbf instanceof Number n && Instant.ofEpochSecond(n.longValue()).isAfter(now.plus(this.tolerance))) {
			throw new IdTokenVerificationException(Reason.ISSUED_IN_FUTURE, "the ID token is not valid yet (nbf)",
					null);
		}
		if (expectedNonce != null) {
			Object nonce = claims.claim("nonce");
			if (!(nonce instanceof String s) || !MessageDigest.isEqual(s.getBytes(StandardCharsets.UTF_8),
					expectedNonce.getBytes(StandardCharsets.UTF_8))) {
				throw new IdTokenVerificationException(Reason.NONCE_MISMATCH,
						"the ID token's nonce does not match the sign-in", null);
			}
		}
	}
}
