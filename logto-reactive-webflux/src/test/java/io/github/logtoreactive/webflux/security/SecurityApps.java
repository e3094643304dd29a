package io.github.logtoreactive.webflux.security;

import java.time.Duration;

import io.github.logtoreactive.webflux.autoconfigure.LogtoClientArgumentResolverAutoConfiguration;
import io.github.logtoreactive.webflux.autoconfigure.LogtoReactiveAutoConfiguration;
import io.github.logtoreactive.webflux.autoconfigure.LogtoResourceServerAutoConfiguration;
import io.github.logtoreactive.webflux.autoconfigure.LogtoSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Spring Boot WebFlux applications with Spring Security, Spring Boot's security and resource-server
 * auto-configuration and the starter's, in the order Boot sorts them: the real chain, the real dispatcher.
 */
final class SecurityApps {

	static final String BASE = "http://localhost:8080";

	static final String COOKIE_SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	private SecurityApps() {
	}

	static ReactiveWebApplicationContextRunner runner() {
		return new ReactiveWebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
				LogtoReactiveAutoConfiguration.class, LogtoClientArgumentResolverAutoConfiguration.class,
				LogtoResourceServerAutoConfiguration.class, LogtoSecurityAutoConfiguration.class,
				ReactiveWebSecurityAutoConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class,
				ReactiveOAuth2ResourceServerAutoConfiguration.class, WebFluxAutoConfiguration.class,
				HttpHandlerAutoConfiguration.class, ErrorWebFluxAutoConfiguration.class, JacksonAutoConfiguration.class,
				CodecsAutoConfiguration.class));
	}

	/**
	 * @param endpoint the Logto endpoint
	 * @return a runner for an application signing users in with the sample tenant's web app
	 */
	static ReactiveWebApplicationContextRunner signingIn(String endpoint) {
		return runner().withPropertyValues("logto.endpoint=" + endpoint, "logto.app-id=test-app",
				"logto.app-secret=test-secret", "logto.cookie.secret=" + COOKIE_SECRET, "logto.cookie.secure=false",
				"logto.base-url=" + BASE, "logto.scopes=email,roles,urn:logto:scope:organizations,"
						+ "urn:logto:scope:organization_roles");
	}

	static WebTestClient client(ApplicationContext context) {
		return WebTestClient.bindToApplicationContext(context)
			.configureClient()
			.baseUrl(BASE)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}
}
