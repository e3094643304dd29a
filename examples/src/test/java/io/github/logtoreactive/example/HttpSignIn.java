package io.github.logtoreactive.example;

import java.net.URI;
import java.time.Duration;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signs a user in over real HTTP, as a browser without JavaScript would: the example's sign-in route, the embedded
 * server's authorization endpoint and sign-in page (picking the user), then the example's callback, keeping the
 * example's cookies in a {@link CookieJar}. ({@code WebTestClientSignIn} of the test kit calls the callback with a
 * host-less URI, which suits clients bound to a WebHandler, not to a server.)
 */
final class HttpSignIn {

	private HttpSignIn() {
	}

	static CookieJar signIn(ExampleServer example, String userId) {
		WebTestClient http = WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30)).build();
		CookieJar jar = new CookieJar();
		EntityExchangeResult<byte[]> start = http.get().uri(URI.create(example.baseUrl + "/logto/sign-in")).exchange()
			.expectStatus().isFound().expectBody().returnResult();
		jar.remember(start);
		URI authorization = start.getResponseHeaders().getLocation();
		EntityExchangeResult<byte[]> toPage = http.get().uri(authorization).exchange()
			.expectStatus().is3xxRedirection().expectBody().returnResult();
		URI page = authorization.resolve(toPage.getResponseHeaders().getLocation());
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("action", "pick");
		form.add("user_id", userId);
		EntityExchangeResult<byte[]> picked = http.post().uri(page)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus().is3xxRedirection().expectBody().returnResult();
		URI callback = page.resolve(picked.getResponseHeaders().getLocation());
		assertThat(callback.toString()).startsWith(example.baseUrl + "/logto/callback?");
		EntityExchangeResult<byte[]> finished = http.get().uri(callback).cookies(jar::applyTo).exchange()
			.expectStatus().isFound().expectBody().returnResult();
		jar.remember(finished);
		assertThat(jar.has("logto_session")).as("session cookie after the callback").isTrue();
		return jar;
	}
}
