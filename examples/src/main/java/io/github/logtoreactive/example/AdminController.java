package io.github.logtoreactive.example;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Routes guarded by Spring Security's method security with the starter's default authorities: the global role
 * {@code admin} is {@code ROLE_admin}, the role {@code admin} in organization {@code <id>} (an
 * {@code organization_roles} entry {@code <id>:admin}) is {@code ORG_<id>:admin}. The principal is the
 * {@code OidcUser} of the Logto session. Signed out: 401 JSON; without the role: 403 JSON (both from the starter's
 * security chain).
 */
@RestController
class AdminController {

	@GetMapping(path = "/api/admin")
	@PreAuthorize("hasRole('admin')")
	Mono<ResponseEntity<Map<String, Object>>> admin(@AuthenticationPrincipal OidcUser user) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sub", user.getSubject());
		return Mono.just(json(body));
	}

	@GetMapping(path = "/api/organizations/{id}/admin")
	@PreAuthorize("hasAuthority('ORG_' + #id + ':admin')")
	Mono<ResponseEntity<Map<String, Object>>> organizationAdmin(@PathVariable String id,
			@AuthenticationPrincipal OidcUser user) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sub", user.getSubject());
		body.put("organizationId", id);
		return Mono.just(json(body));
	}

	private static ResponseEntity<Map<String, Object>> json(Map<String, Object> body) {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON).body(body);
	}
}
