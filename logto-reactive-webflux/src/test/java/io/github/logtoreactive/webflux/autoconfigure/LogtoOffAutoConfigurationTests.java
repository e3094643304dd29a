package io.github.logtoreactive.webflux.autoconfigure;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code logto.endpoint} (or with a blank one) the integration is off, and one log line says so and what to
 * set; with protected paths that nothing would protect, startup fails.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogtoOffAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LogtoReactiveAutoConfiguration.class, LogtoOffAutoConfiguration.class));

	@Test
	void startWithoutEndpointLogsOneLineSayingTheIntegrationIsOffAndWhatToSet(CapturedOutput output) {
		this.runner.withPropertyValues("logto.app-id=app").run(context -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(LogtoEngine.class);
			assertThat(output.getOut().lines().filter(line -> line.contains("logto-reactive is off"))).singleElement()
				.asString()
				.contains("logto.endpoint is not set")
				.contains("Set logto.endpoint, logto.app-id, logto.app-secret and logto.cookie.secret");
		});
	}

	@Test
	void startWithEndpointLogsNothingAboutBeingOff(CapturedOutput output) {
		this.runner.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app",
				"logto.app-secret=secret", "logto.cookie.secret=kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA").run(context -> {
					assertThat(context).hasNotFailed().hasSingleBean(LogtoEngine.class);
					assertThat(output.getOut()).doesNotContain("logto-reactive is off");
				});
	}

	@Test
	void startWithBlankEndpointIsOffToo(CapturedOutput output) {
		this.runner.withPropertyValues("logto.endpoint= ", "logto.app-id=app").run(context -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(LogtoEngine.class);
			assertThat(output.getOut()).contains("logto-reactive is off: logto.endpoint is not set");
		});
	}

	@Test
	void startWithProtectedPathsButNoEndpointFailsNamingTheEndpoint() {
		this.runner.withPropertyValues("logto.endpoint=", "logto.protected-paths=/dashboard/**").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(LogtoConfigurationException.class)
				.hasMessageContaining("logto.protected-paths is set ([/dashboard/**]) but logto.endpoint is not");
		});
	}
}
