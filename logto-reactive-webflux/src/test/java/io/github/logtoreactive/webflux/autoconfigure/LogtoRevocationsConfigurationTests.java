package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Duration;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.store.RedisSessionRevocations;
import io.github.logtoreactive.store.SessionRevocations;
import io.github.logtoreactive.web.LogtoRoutes;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the auto-configuration wires the end of sessions: the shared record of ended sessions with a Redis URL (the
 * cookie store included), the back-channel logout route and its switch, and {@code logto.session.revalidate-after}.
 */
class LogtoRevocationsConfigurationTests {

	private static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LogtoReactiveAutoConfiguration.class))
		.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app", "logto.app-secret=secret",
				"logto.cookie.secret=" + SECRET);

	@Test
	void cookieStoreWithARedisUrlSharesTheRecordOfEndedSessionsThroughRedis() {
		this.runner.withPropertyValues("logto.session.store=cookie", "logto.session.redis-url=redis://127.0.0.1:1")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(RedisSessionRevocations.class).hasSingleBean(RedisClient.class);
				assertThat(context.getBean(SessionRevocations.class).isClusterScoped()).isTrue();
			});
	}

	@Test
	void redisStoreSharesTheRecordOfEndedSessionsWithTheStoresClient() {
		this.runner.withPropertyValues("logto.session.store=redis", "logto.session.redis-url=redis://127.0.0.1:1")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(RedisSessionRevocations.class).hasSingleBean(RedisClient.class);
			});
	}

	@Test
	void memoryStoreWithARedisUrlStartsWithTheSharedRecord() {
		this.runner.withPropertyValues("logto.session.store=memory", "logto.session.redis-url=redis://127.0.0.1:1")
			.run(context -> assertThat(context).hasNotFailed().hasSingleBean(RedisSessionRevocations.class));
	}

	@Test
	void withoutARedisUrlEachInstanceKeepsItsOwnRecord() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(SessionRevocations.class);
		});
		this.runner.withPropertyValues("logto.session.redis-url=").run(context -> {
			assertThat(context).as("a blank URL, as the example maps an unset LOGTO_REDIS_URL").hasNotFailed();
			assertThat(context).doesNotHaveBean(SessionRevocations.class);
		});
	}

	@Test
	void theBackChannelLogoutRouteIsOnByDefaultAndHasASwitch() {
		this.runner.run(context -> assertThat(context.getBean(LogtoRoutes.class).backchannelLogout())
			.isEqualTo("/logto/backchannel-logout"));
		this.runner.withPropertyValues("logto.routes.backchannel-logout-enabled=false")
			.run(context -> assertThat(context.getBean(LogtoRoutes.class).backchannelLogout()).isNull());
	}

	@Test
	void revalidateAfterReachesTheConfiguration() {
		this.runner.withPropertyValues("logto.session.revalidate-after=10m")
			.run(context -> assertThat(context.getBean(LogtoConfig.class).revalidateAfter())
				.isEqualTo(Duration.ofMinutes(10)));
		this.runner.withPropertyValues("logto.session.revalidate-after=0s")
			.run(context -> assertThat(context).getFailure().hasMessageContaining("logto.session.revalidate-after"));
	}
}
