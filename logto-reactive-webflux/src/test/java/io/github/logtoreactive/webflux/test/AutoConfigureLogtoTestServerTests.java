package io.github.logtoreactive.webflux.test;

import io.github.logtoreactive.test.AutoConfigureLogtoTestServer;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.SignedInCookies;
import io.github.logtoreactive.test.WebTestClientSignIn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @AutoConfigureLogtoTestServer} on a {@code @SpringBootTest}: the embedded server starts, the application's
 * {@code logto.*} properties point at it, and a user signs in through the whole Boot application (Spring Security
 * included) with no hand-written property.
 */
@SpringBootTest(classes = AutoConfigureLogtoTestServerTests.BootApp.class,
		properties = "logto.protected-paths=/dashboard/**")
@AutoConfigureWebTestClient
@AutoConfigureLogtoTestServer
class AutoConfigureLogtoTestServerTests {

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BootApp {

		@Bean
		RouterFunction<ServerResponse> dashboard() {
			return RouterFunctions.route()
				.GET("/dashboard", request -> request.principal()
					.flatMap(principal -> ServerResponse.ok().bodyValue("dashboard:" + principal.getName())))
				.build();
		}
	}

	@Autowired
	WebTestClient client;

	@Autowired
	LogtoTestServer logto;

	@Autowired
	Environment environment;

	@Test
	void propertiesPointAtTheEmbeddedServerAndSignInWorks() {
		assertThat(this.logto.isRunning()).isTrue();
		assertThat(this.environment.getProperty("logto.endpoint")).isEqualTo(this.logto.baseUrl());
		this.client.get().uri("/dashboard").accept(MediaType.TEXT_HTML).exchange().expectStatus().isFound();
		SignedInCookies signedIn = WebTestClientSignIn.with(this.logto).user("user-2").signIn(this.client);
		this.client.get().uri("/dashboard").cookies(signedIn::applyTo).exchange()
			.expectStatus().isOk().expectBody(String.class).isEqualTo("dashboard:user-2");
	}
}
