package io.github.logtoreactive.example;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A demo API served by the example itself, as a resource server would be: {@code GET /demo-api/echo} accepts a
 * bearer JWT for one of the configured API resources, verified against the issuer's JWKS
 * ({@link AccessTokenVerifier}), and answers {@code {sub, aud, scope, clientId}}; otherwise 401
 * {@code {"error":"invalid_token",...}} with {@code WWW-Authenticate}.
 */
@RestController
class DemoApiController {

	private static final Logger logger = LoggerFactory.getLogger(DemoApiController.class);

	private final AccessTokenVerifier verifier;

	private final Set<String> audiences;

	DemoApiController(AccessTokenVerifier verifier, ExampleSettings settings) {
		this.verifier = verifier;
		this.audiences = new LinkedHashSet<>(settings.resources());
	}

	@GetMapping(path = "/demo-api/echo")
	Mono<ResponseEntity<Map<String, Object>>> echo(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
				|| authorization.length() <= 7) {
			return Mono.just(unauthorized("a bearer token is required"));
		}
		if (this.audiences.isEmpty()) {
			return Mono.just(unauthorized("no API resource is configured (LOGTO_RESOURCES)"));
		}
		return this.verifier.verify(authorization.substring(7).trim(), this.audiences)
			.map(claims -> ResponseEntity.ok()
				.cacheControl(CacheControl.noStore())
				.contentType(MediaType.APPLICATION_JSON)
				.body(echo(claims)))
			.onErrorResume(AccessTokenVerifier.InvalidTokenException.class,
					ex -> Mono.just(unauthorized(ex.getMessage())))
			.onErrorResume(ex -> {
				logger.warn("The demo API cannot read the issuer's keys: {}", ex.getClass().getSimpleName());
				return Mono.just(ApiErrors.response(HttpStatus.SERVICE_UNAVAILABLE, "jwks_unavailable",
						"the issuer's keys cannot be read"));
			});
	}

	private static Map<String, Object> echo(JWTClaimsSet claims) {
		List<String> aud = claims.getAudience();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sub", claims.getSubject());
		body.put("aud", aud.size() == 1 ? aud.get(0) : aud);
		body.put("scope", claims.getClaim("scope"));
		body.put("clientId", claims.getClaim("client_id"));
		return body;
	}

	private static ResponseEntity<Map<String, Object>> unauthorized(String message) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
			.cacheControl(CacheControl.noStore())
			.contentType(MediaType.APPLICATION_JSON)
			.body(ApiErrors.body("invalid_token", message));
	}
}
