package io.github.logtoreactive.webflux.security;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.github.logtoreactive.IdTokenVerificationException;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoSigningKeys;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import reactor.core.publisher.Mono;

/**
 * The JWT processor of {@link LogtoJwtDecoders}' decoder: checks the signature of a Logto access token against the
 * tenant's keys ({@link LogtoSigningKeys}: selected by {@code kid}, fetched without blocking, refetched once for a
 * rotated key) with Logto's algorithms only. The claims ({@code iss}, {@code aud}, {@code exp}, ...) and {@code typ}
 * are checked afterwards by the decoder's validators. Errors: {@link BadJwtException} for a token that does not verify
 * (not signed, another algorithm, unknown key, bad signature), {@link JwtException} with the {@link LogtoException} as
 * cause when the keys cannot be read.
 */
final class LogtoAccessTokenProcessor implements Converter<JWT, Mono<JWTClaimsSet>> {

	/** The algorithms Logto signs with (its {@code enabledJWA}, without HMAC and EdDSA). */
	static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
			JWSAlgorithm.RS256, JWSAlgorithm.PS256);

	private final LogtoSigningKeys keys;

	LogtoAccessTokenProcessor(LogtoSigningKeys keys) {
		this.keys = Objects.requireNonNull(keys, "keys");
	}

	@Override
	public Mono<JWTClaimsSet> convert(JWT jwt) {
		if (!(jwt instanceof SignedJWT signed)) {
			return Mono.error(new BadJwtException("the token is not a signed JWT"));
		}
		if (!ALGORITHMS.contains(signed.getHeader().getAlgorithm())) {
			return Mono.error(new BadJwtException("the token is signed with an algorithm Logto does not use"));
		}
		return this.keys.keys(signed.getHeader().getKeyID())
			.onErrorMap(IdTokenVerificationException.class,
					ex -> new BadJwtException("no Logto signing key has the token's kid", ex))
			.onErrorMap(LogtoException.class,
					ex -> new JwtException("Logto's signing keys cannot be read (" + ex.code() + ")", ex))
			.map(found -> verify(signed, found));
	}

	private static JWTClaimsSet verify(SignedJWT jwt, List<JWK> keys) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(new JWKSet(keys))));
		// typ and the claims are the decoder's validators' job
		processor.setJWSTypeVerifier((type, context) -> {
		});
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		try {
			return processor.process(jwt, null);
		}
		catch (BadJOSEException | JOSEException ex) {
			throw new BadJwtException("the token's signature does not verify with Logto's key", ex);
		}
	}
}
