package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.support.LogtoExceptionSamples;
import io.github.logtoreactive.support.LogtoExceptionSamples.Sample;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.SignedInCookies;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.WebTestClientSignIn;
import io.github.logtoreactive.webflux.LogtoWebExceptionHandler;
import io.github.logtoreactive.webflux.LogtoWebFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import reactor.core.publisher.Mono;

import static io.github.logtoreactive.support.LogtoExceptionSamples.RAW_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot WebFlux application (dispatcher, Boot's own error handler, the starter) whose handlers let
 * {@link LogtoException}s escape: each is answered like the filter's routes, never with Boot's 500; the application's
 * own {@code @ExceptionHandler} keeps control; the property and an own bean switch the handler off.
 */
@Timeout(120)
class LogtoErrorHandlingTests {

	private static final String SECRET_KEY = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	private static final String BASE = "http://localhost:8080";

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LogtoReactiveAutoConfiguration.class,
				LogtoClientArgumentResolverAutoConfiguration.class, WebFluxAutoConfiguration.class,
				HttpHandlerAutoConfiguration.class, ErrorWebFluxAutoConfiguration.class, JacksonAutoConfiguration.class,
				CodecsAutoConfiguration.class))
		.withUserConfiguration(Handlers.class)
		.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=test-app",
				"logto.app-secret=test-secret", "logto.cookie.secret=" + SECRET_KEY, "logto.cookie.secure=false",
				"logto.base-url=" + BASE);

	/** The application's handlers: one throws the sample its path names, others use the library as apps do. */
	@RestController
	static class Handlers {

		@GetMapping("/samples/{index}")
		Mono<String> sample(@PathVariable int index) {
			return Mono.error(LogtoExceptionSamples.all().get(index).ex());
		}

		@GetMapping("/me")
		Mono<String> me(LogtoClient client) {
			return client.getIdTokenClaims().map(claims -> "sub=" + claims.sub());
		}

		@GetMapping("/organizations/{id}/token")
		Mono<String> organizationToken(LogtoClient client, @PathVariable String id) {
			return client.getOrganizationToken(id).map(token -> "ok");
		}
	}

	/** An application that handles {@code LogtoException} itself. */
	@RestControllerAdvice
	static class OwnExceptionHandler {

		@ExceptionHandler(LogtoException.class)
		ResponseEntity<String> logto(LogtoException ex) {
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body("own:" + ex.code());
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHandlerBean {

		@Bean
		LogtoWebExceptionHandler ownLogtoErrors(LogtoWebFilter filter) {
			return LogtoWebExceptionHandler.of(filter);
		}
	}

	private static WebTestClient client(AssertableReactiveWebApplicationContext context) {
		return WebTestClient.bindToApplicationContext(context)
			.configureClient()
			.baseUrl(BASE)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void handlerWhenEachKindOfLogtoExceptionEscapesThenStatusAndBodyOfTheFilterNever500() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed().hasSingleBean(LogtoWebExceptionHandler.class);
			WebTestClient client = client(context);
			List<Sample> samples = LogtoExceptionSamples.all();
			for (int i = 0; i < samples.size(); i++) {
				Sample sample = samples.get(i);
				Map<String, Object> body = client.get().uri("/samples/" + i).accept(MediaType.APPLICATION_JSON).exchange()
					.expectStatus().isEqualTo(sample.status())
					.expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
					.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
					}).returnResult().getResponseBody();
				assertThat(body).as(sample.toString())
					.containsEntry("error", sample.ex().code())
					.containsEntry("status", sample.status());
				assertThat((String) body.get("message")).as(sample.toString()).contains(sample.message())
					.doesNotContain(RAW_TEXT);
				String page = client.get().uri("/samples/" + i).accept(MediaType.TEXT_HTML).exchange()
					.expectStatus().isEqualTo(sample.status())
					.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
					.expectBody(String.class).returnResult().getResponseBody();
				assertThat(page).as(sample.toString())
					.contains("<code id=\"logto-error-code\">" + sample.ex().code() + "</code>")
					.doesNotContain(RAW_TEXT);
			}
		});
	}

	@Test
	void handlerWhenSignedOutAndTheHandlerNeedsTheUserThen401NotBoots500() {
		this.runner.run(context -> client(context).get().uri("/me").accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("WWW-Authenticate",
					"Logto realm=\"" + BASE + "\", sign_in_uri=\"/logto/sign-in\"")
			.expectBody()
			.jsonPath("$.error").isEqualTo("not_authenticated")
			.jsonPath("$.status").isEqualTo(401));
	}

	@Test
	void handlerWhenNonMemberAsksForAnOrganizationTokenThen403AsTheReadmePromises() {
		LogtoTestServer server = LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-2").build()
			.start();
		try {
			this.runner.withPropertyValues("logto.endpoint=" + server.baseUrl(),
					"logto.scopes=urn:logto:scope:organizations").run(context -> {
						WebTestClient client = client(context);
						SignedInCookies signedIn = WebTestClientSignIn.with(server).user("user-2").signIn(client);
						client.get().uri("/organizations/org-1/token").cookies(signedIn::applyTo).exchange()
							.expectStatus().isOk();
						client.get().uri("/organizations/org-2/token").cookies(signedIn::applyTo)
							.accept(MediaType.APPLICATION_JSON).exchange()
							.expectStatus().isForbidden()
							.expectBody()
							.jsonPath("$.error").isEqualTo("token_endpoint.access_denied")
							.jsonPath("$.status").isEqualTo(403);
					});
		}
		finally {
			server.stop();
		}
	}

	@Test
	void errorHandlingWhenTheApplicationHasItsOwnExceptionHandlerThenItRunsFirstAndKeepsControl() {
		this.runner.withUserConfiguration(OwnExceptionHandler.class).run(context -> {
			assertThat(context).hasSingleBean(LogtoWebExceptionHandler.class);
			client(context).get().uri("/me").exchange()
				.expectStatus().isEqualTo(HttpStatus.I_AM_A_TEAPOT)
				.expectBody(String.class).isEqualTo("own:not_authenticated");
		});
	}

	@Test
	void whenDisabledByPropertyThenNoHandlerAndBootAnswers500() {
		this.runner.withPropertyValues("logto.error-handling.enabled=false").run(context -> {
			assertThat(context).doesNotHaveBean(LogtoWebExceptionHandler.class);
			client(context).get().uri("/me").accept(MediaType.APPLICATION_JSON).exchange()
				.expectStatus().isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		});
	}

	@Test
	void whenApplicationDefinesItsOwnHandlerBeanThenTheStarterBacksOff() {
		this.runner.withUserConfiguration(OwnHandlerBean.class).run(context -> {
			assertThat(context).hasSingleBean(LogtoWebExceptionHandler.class);
			assertThat(context.getBeanNamesForType(LogtoWebExceptionHandler.class)).containsExactly("ownLogtoErrors");
		});
	}
}
