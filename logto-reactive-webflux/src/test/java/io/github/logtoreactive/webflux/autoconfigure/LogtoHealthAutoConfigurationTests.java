package io.github.logtoreactive.webflux.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogtoHealthAutoConfiguration}: which health indicators an application gets.
 */
class LogtoHealthAutoConfigurationTests {

	private static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LogtoReactiveAutoConfiguration.class, LogtoHealthAutoConfiguration.class));

	private ReactiveWebApplicationContextRunner configured() {
		return this.runner.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app",
				"logto.app-secret=secret", "logto.cookie.secret=" + SECRET);
	}

	@Test
	void whenConfiguredWithCookieSessionsThenLogtoIndicatorOnly() {
		configured().run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean("logtoHealthIndicator")).isInstanceOf(LogtoHealthIndicator.class);
			assertThat(context).doesNotHaveBean("logtoSessionStoreHealthIndicator");
		});
	}

	@Test
	void whenRedisSessionsThenSessionStoreIndicatorToo() {
		configured().withPropertyValues("logto.session.store=redis", "logto.session.redis-url=redis://127.0.0.1:1")
			.run(context -> assertThat(context.getBean("logtoSessionStoreHealthIndicator"))
				.isInstanceOf(LogtoSessionStoreHealthIndicator.class));
	}

	@Test
	void whenDisabledByManagementPropertiesThenNone() {
		configured()
			.withPropertyValues("logto.session.store=redis", "logto.session.redis-url=redis://127.0.0.1:1",
					"management.health.logto.enabled=false", "management.health.logto-session-store.enabled=false")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ReactiveHealthIndicator.class));
	}

	@Test
	void whenNoLogtoEndpointThenNone() {
		this.runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ReactiveHealthIndicator.class));
	}

	@Test
	void whenBootHealthSupportAbsentThenNoneAndTheApplicationStarts() {
		configured().withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class))
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("logtoHealthIndicator"));
	}

	@Test
	void whenTheApplicationDefinesItsOwnThenItsIsKept() {
		ReactiveHealthIndicator own = () -> reactor.core.publisher.Mono
			.just(org.springframework.boot.health.contributor.Health.unknown().build());
		configured().withBean("logtoHealthIndicator", ReactiveHealthIndicator.class, () -> own)
			.run(context -> assertThat(context.getBean("logtoHealthIndicator")).isSameAs(own));
	}
}
