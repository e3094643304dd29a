package io.github.logtoreactive;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogtoConfigTests {

	private final LogtoConfig.Builder builder = LogtoConfig.builder().endpoint("https://tenant.logto.app").appId("app");

	@Test
	void pendingMaxSessionsWhenUnsetThenTenThousandAndKeptByToBuilder() {
		LogtoConfig config = this.builder.build();
		assertThat(config.pendingMaxSessions()).isEqualTo(10_000);

		LogtoConfig changed = config.toBuilder().pendingMaxSessions(3).build();

		assertThat(changed.pendingMaxSessions()).isEqualTo(3);
		assertThat(changed.toBuilder().build()).isEqualTo(changed).isNotEqualTo(config);
	}

	@Test
	void buildWhenPendingMaxSessionsBelowOneThenFailsNamingIt() {
		assertThatThrownBy(() -> this.builder.pendingMaxSessions(0).build())
			.isInstanceOf(LogtoConfigurationException.class)
			.hasMessageContaining("pendingMaxSessions must be at least 1")
			.extracting(ex -> ((LogtoConfigurationException) ex).field())
			.isEqualTo("pendingMaxSessions");
		assertThat(this.builder.pendingMaxSessions(1).build().pendingMaxSessions()).isEqualTo(1);
	}
}
