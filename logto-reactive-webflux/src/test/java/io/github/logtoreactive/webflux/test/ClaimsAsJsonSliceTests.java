package io.github.logtoreactive.webflux.test;

import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.LogtoClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import static io.github.logtoreactive.webflux.test.MockLogtoUser.mockLogtoUser;

/**
 * A controller returning {@code Mono<IdTokenClaims>} answers the claims as JSON through WebFlux's own codecs, in a
 * {@code @WebFluxTest} slice (which includes the Jackson module's auto-configuration).
 */
@WebFluxTest(controllers = ClaimsAsJsonSliceTests.MeController.class)
@ContextConfiguration(classes = ClaimsAsJsonSliceTests.SliceApp.class)
class ClaimsAsJsonSliceTests {

	@Import(MeController.class)
	static class SliceApp {

	}

	@RestController
	static class MeController {

		@GetMapping("/me")
		Mono<IdTokenClaims> me(LogtoClient client) {
			return client.getIdTokenClaims();
		}
	}

	@Autowired
	WebTestClient client;

	@Test
	void handlerReturningIdTokenClaimsAnswersTheClaims() {
		this.client.mutateWith(mockLogtoUser("user-1").email("alice@example.com").roles("admin"))
			.get().uri("/me").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.sub").isEqualTo("user-1")
			.jsonPath("$.email").isEqualTo("alice@example.com")
			.jsonPath("$.roles[0]").isEqualTo("admin");
	}
}
