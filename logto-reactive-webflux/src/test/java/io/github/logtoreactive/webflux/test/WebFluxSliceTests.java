package io.github.logtoreactive.webflux.test;

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
 * A {@code @WebFluxTest} slice without any {@code logto.*} property: the slice includes the {@code LogtoClient}
 * argument resolver, so a controller taking a {@code LogtoClient} is tested with a mock user.
 */
@WebFluxTest(controllers = WebFluxSliceTests.ProfileController.class)
@ContextConfiguration(classes = WebFluxSliceTests.SliceApp.class)
class WebFluxSliceTests {

	@Import(ProfileController.class)
	static class SliceApp {

	}

	@RestController
	static class ProfileController {

		@GetMapping("/profile")
		Mono<String> profile(LogtoClient client) {
			return client.getIdTokenClaims().map(claims -> claims.sub() + ":" + claims.roles());
		}
	}

	@Autowired
	WebTestClient client;

	@Test
	void controllerTakingALogtoClientSeesTheMockUser() {
		this.client.mutateWith(mockLogtoUser("user-3").roles("viewer"))
			.get().uri("/profile").exchange()
			.expectStatus().isOk().expectBody(String.class).isEqualTo("user-3:[viewer]");
	}
}
