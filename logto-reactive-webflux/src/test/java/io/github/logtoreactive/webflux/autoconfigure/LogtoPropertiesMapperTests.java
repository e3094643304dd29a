package io.github.logtoreactive.webflux.autoconfigure;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class LogtoPropertiesMapperTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LogtoReactiveAutoConfiguration.class))
		.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app", "logto.app-secret=secret",
				"logto.cookie.secret=kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA");

	@Test
	void configWhenPendingMaxSessionsSetThenTheEngineKeepsThatMany() {
		this.runner.withPropertyValues("logto.session.pending-max-sessions=250").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(LogtoEngine.class).config().pendingMaxSessions()).isEqualTo(250);
		});
	}

	@Test
	void configWhenPendingMaxSessionsUnsetThenTheDocumentedDefault() {
		this.runner.run(context -> assertThat(context.getBean(LogtoConfig.class).pendingMaxSessions())
			.isEqualTo(10_000)
			.isEqualTo(LogtoConfig.DEFAULT_PENDING_MAX_SESSIONS));
	}

	@Test
	void configWhenPendingMaxSessionsNotPositiveThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("logto.session.pending-max-sessions=0")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("logto.session.pending-max-sessions")
				.hasMessageContaining("LOGTO_SESSION_PENDING_MAX_SESSIONS")
				.hasMessageContaining("at least 1"));
	}
}
