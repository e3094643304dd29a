package io.github.logtoreactive.example;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A demo API served by the example itself, as a resource server would be: {@code GET /demo-api/echo} answers
 * {@code {sub, aud, scope, clientId}} for a Logto access token for one of the configured API resources. The token is
 * validated by the starter's resource-server support ({@code logto.resource-server.audiences}, set to the configured
 * resources): signature against the issuer's keys, {@code typ at+jwt}, {@code iss}, {@code aud}, {@code exp}; a
 * refused token gets 401 {@code invalid_token} from the security chain. Without a bearer token: 401
 * {@code {"error":"invalid_token",...}} with {@code WWW-Authenticate: Bearer error="invalid_token"}.
 */
@RestController
class DemoApiController {

	private final ExampleSettings settings;

	DemoApiController(ExampleSettings settings) {
		this.settings = settings;
	}

	@GetMapping(path = "/demo-api/echo")
	Mono<ResponseEntity<Map<String, Object>>> echo(Mono<Authentication> authentication) {
		return authentication.filter(JwtAuthenticationToken.class::isInstance)
			.cast(JwtAuthenticationToken.class)
			.map(token -> ResponseEntity.ok()
				.cacheControl(CacheControl.noStore())
				.contentType(MediaType.APPLICATION_JSON)
				.body(echo(token.getToken())))
			.switchIfEmpty(Mono.fromSupplier(() -> unauthorized(this.settings.resources().isEmpty()
					? "no API resource is configured (LOGTO_RESOURCES)" : "a bearer token is required")));
	}

	private static Map<String, Object> echo(Jwt jwt) {
		List<String> aud = jwt.getAudience();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sub", jwt.getSubject());
		body.put("aud", aud.size() == 1 ? aud.get(0) : aud);
		body.put("scope", jwt.getClaims().get("scope"));
		body.put("clientId", jwt.getClaims().get("client_id"));
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
