package io.github.logtoreactive.example;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The example's beans. The starter's auto-configuration provides the rest from the {@code logto.*} properties:
 * the {@link LogtoConfig}, the shared {@link LogtoEngine}, the session cookies or store, the
 * {@code LogtoWebFilter} serving {@code /logto/sign-in}, {@code /logto/callback}, {@code /logto/sign-out} and
 * {@code /logto/user}, and the Spring Security chain (the Logto session as the security context; Logto access tokens
 * for the demo API through {@code logto.resource-server.audiences}). Method security ({@code @PreAuthorize}) is on.
 */
@Configuration(proxyBeanMethods = false)
@EnableReactiveMethodSecurity
class ExampleConfiguration {

	@Bean
	ExampleSettings exampleSettings(Environment environment, LogtoConfig config) {
		return ExampleSettings.of(environment, config);
	}

	@Bean
	M2mController.M2mTokens m2mTokens(ExampleSettings settings, LogtoEngine engine) {
		if (settings.m2mAppId() == null || settings.m2mAppSecret() == null) {
			return new M2mController.M2mTokens(null);
		}
		// One source per M2M app: it caches a token per resource and shares concurrent requests for it.
		return new M2mController.M2mTokens(engine.clientCredentials(settings.m2mAppId(), settings.m2mAppSecret()));
	}

	/**
	 * The WebClient for the demo API (Reactor Netty, non-blocking).
	 */
	@Bean
	WebClient exampleWebClient() {
		return WebClient.builder().build();
	}

	@Bean
	StartupBanner startupBanner(ExampleSettings settings) {
		return new StartupBanner(settings);
	}
}
