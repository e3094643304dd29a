package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Duration;

import io.github.logtoreactive.store.RedisServerHarness;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis session store connects when the application starts, not within the first request's command timeout;
 * against a real {@code redis-server}, counting its clients.
 */
@Timeout(60)
class RedisStoreStartupTests {

	private static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	private static RedisServerHarness redis;

	private static RedisClient inspectorClient;

	private static StatefulRedisConnection<String, String> inspector;

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LogtoReactiveAutoConfiguration.class))
		.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app", "logto.app-secret=secret",
				"logto.cookie.secret=" + SECRET, "logto.session.store=redis");

	@BeforeAll
	static void startRedis() {
		redis = RedisServerHarness.start();
		inspectorClient = RedisClient.create();
		inspector = inspectorClient.connect(RedisURI.create(redis.uri()));
	}

	@AfterAll
	static void stopRedis() {
		inspector.close();
		inspectorClient.shutdown();
		redis.close();
	}

	@Test
	void redisStoreWhenTheApplicationStartsThenItConnectsBeforeAnyRequest() {
		this.runner.withPropertyValues("logto.session.redis-url=" + redis.uri()).run((context) -> {
			assertThat(context).hasSingleBean(RedisStoreStartup.class);
			// The store's connection shows up as a second client of the server (the inspector is the first); the
			// wait is for a real server's answer, not a margin on library logic.
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (clients() < 2 && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThat(clients()).isEqualTo(2);
		});
	}

	@Test
	void redisStoreWhenRedisIsNotReachableAtStartThenTheApplicationStillStarts() {
		this.runner.withPropertyValues("logto.session.redis-url=redis://127.0.0.1:1")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RedisStoreStartup.class));
	}

	private static long clients() {
		return inspector.sync().clientList().lines().filter((line) -> !line.isBlank()).count();
	}

}
