package io.github.logtoreactive.webflux.autoconfigure;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.webflux.LogtoClientArgumentResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Resolves {@link LogtoClient} controller method parameters ({@link LogtoClientArgumentResolver}) in every reactive
 * web application, also without {@code logto.endpoint}: a {@code @WebFluxTest} slice includes it, so a controller
 * taking a {@code LogtoClient} can be tested with the test support's mock user.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(LogtoClient.class)
public class LogtoClientArgumentResolverAutoConfiguration {

	@Bean
	WebFluxConfigurer logtoArgumentResolverConfigurer() {
		return new WebFluxConfigurer() {
			@Override
			public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
				configurer.addCustomResolver(new LogtoClientArgumentResolver());
			}
		};
	}
}
