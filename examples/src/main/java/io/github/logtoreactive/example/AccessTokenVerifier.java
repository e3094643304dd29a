package io.github.logtoreactive.example;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Verifies a Logto JWT access token the way an API does: signature against the issuer's JWKS, {@code typ}
 * {@code at+jwt}, {@code iss}, {@code aud} and {@code exp}. Discovery and the JWKS are fetched with a
 * {@link WebClient} (non-blocking), cached for ten minutes, and fetched again when a token names an unknown key (at
 * most every 30 seconds). Thread-safe.
 */
final class AccessTokenVerifier {

	private static final Duration KEYS_TTL = Duration.ofMinutes(10);

	private static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);

	private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384,
			JWSAlgorithm.ES512, JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256,
			JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.EdDSA);

	private final WebClient webClient;

	private final URI discoveryUri;

	private final Clock clock;

	private final AtomicReference<Mono<Keys>> keys = new AtomicReference<>();

	private volatile Instant lastFetch = Instant.EPOCH;

	AccessTokenVerifier(WebClient webClient, URI discoveryUri, Clock clock) {
		this.webClient = webClient;
		this.discoveryUri = discoveryUri;
		this.clock = clock;
		this.keys.set(fetch());
	}

	/**
	 * @param token the bearer token
	 * @param audiences the audiences this API accepts
	 * @return the verified claims. Errors with {@link InvalidTokenException} for a token that does not verify,
	 * and with the fetch failure when discovery or the JWKS cannot be read
	 */
	Mono<JWTClaimsSet> verify(String token, Set<String> audiences) {
		SignedJWT jwt;
		try {
			jwt = SignedJWT.parse(token);
		}
		catch (ParseException ex) {
			return Mono.error(new InvalidTokenException("the bearer token is not a signed JWT"));
		}
		String kid = jwt.getHeader().getKeyID();
		return this.keys.get().flatMap(current -> {
			if (kid != null && current.jwks().getKeyByKeyId(kid) == null && refetchAllowed()) {
				Mono<Keys> refreshed = fetch();
				this.keys.set(refreshed);
				return refreshed;
			}
			return Mono.just(current);
		}).map(current -> process(jwt, current, audiences));
	}

	private boolean refetchAllowed() {
		return Duration.between(this.lastFetch, this.clock.instant()).compareTo(REFETCH_INTERVAL) >= 0;
	}

	private JWTClaimsSet process(SignedJWT jwt, Keys keys, Set<String> audiences) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"),
				JOSEObjectType.JWT, null));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(keys.jwks())));
		processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audiences,
				new JWTClaimsSet.Builder().issuer(keys.issuer()).build(), Set.of("exp", "sub"), null));
		try {
			return processor.process(jwt, null);
		}
		catch (BadJOSEException | JOSEException ex) {
			throw new InvalidTokenException("the bearer token does not verify: " + ex.getMessage());
		}
	}

	private Mono<Keys> fetch() {
		Mono<Keys> fetch = json(this.discoveryUri).flatMap(discovery -> {
			Object issuer = discovery.get("issuer");
			Object jwksUri = discovery.get("jwks_uri");
			if (!(issuer instanceof String iss) || !(jwksUri instanceof String uri)) {
				return Mono.error(new IllegalStateException("discovery names no issuer or jwks_uri"));
			}
			return json(URI.create(uri)).map(jwks -> {
				try {
					return new Keys(iss, JWKSet.parse(jwks));
				}
				catch (ParseException ex) {
					throw new IllegalStateException("the JWKS is not a JWK set", ex);
				}
			});
		}).doOnSubscribe(subscription -> this.lastFetch = this.clock.instant());
		return fetch.cache(value -> KEYS_TTL, error -> Duration.ZERO, () -> Duration.ZERO);
	}

	private Mono<Map<String, Object>> json(URI uri) {
		return this.webClient.get()
			.uri(uri)
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.bodyToMono(String.class)
			.timeout(FETCH_TIMEOUT)
			.map(body -> {
				try {
					return JSONObjectUtils.parse(body);
				}
				catch (ParseException ex) {
					throw new IllegalStateException(uri + " did not answer a JSON object", ex);
				}
			});
	}

	/** The issuer and its keys. */
	private record Keys(String issuer, JWKSet jwks) {
	}

	/** A bearer token that does not verify. */
	static final class InvalidTokenException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InvalidTokenException(String message) {
			super(message, null, false, false);
		}
	}
}
