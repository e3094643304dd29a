package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.store.RedisServerHarness;
import io.github.logtoreactive.store.RedisSessionRevocations;
import io.github.logtoreactive.store.RedisSessionStore;
import io.github.logtoreactive.store.SessionRevocations;
import io.github.logtoreactive.store.SessionStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis session store on Spring Boot's Redis connection settings ({@code spring.data.redis.*}) when
 * {@code logto.session.redis-url} is unset, against a real {@code redis-server} that requires a password.
 */
@Timeout(60)
class RedisStoreBootConnectionTests {

	private static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	private static final String PASSWORD = "s3cret-redis-pw";

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final AtomicInteger sessions = new AtomicInteger();

	private static RedisServerHarness redis;

	private static RedisClient inspectorClient;

	private static StatefulRedisConnection<String, String> inspector;

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DataRedisAutoConfiguration.class,
				LogtoReactiveAutoConfiguration.class))
		.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app", "logto.app-secret=secret",
				"logto.cookie.secret=" + SECRET, "logto.session.store=redis");

	@BeforeAll
	static void startRedis() {
		redis = RedisServerHarness.start();
		inspectorClient = RedisClient.create();
		inspector = inspectorClient.connect(RedisURI.create(redis.uri()));
		inspector.sync().configSet("requirepass", PASSWORD);
	}

	@AfterAll
	static void stopRedis() {
		inspector.close();
		inspectorClient.shutdown();
		redis.close();
	}

	@Test
	void redisStoreWhenOnlyHostPortPasswordAndDatabaseThenItConnectsWithThem() {
		this.runner
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.password=" + PASSWORD, "spring.data.redis.database=2")
			.run(context -> assertThat(savedKeyIn(context, 2)).isTrue());
	}

	@Test
	void redisStoreWhenOnlyBootSettingsThenTheRecordOfEndedSessionsAndOfLogoutTokensIsSharedThroughThatRedis() {
		this.runner
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.password=" + PASSWORD, "spring.data.redis.database=3")
			.run(context -> {
				assertThat(context).hasNotFailed().hasSingleBean(RedisSessionRevocations.class);
				SessionRevocations record = context.getBean(SessionRevocations.class);
				assertThat(record.isClusterScoped()).isTrue();
				Instant keepUntil = Instant.now().plusSeconds(60);
				record.endSession("ended-at-boot", keepUntil).block(WAIT);
				assertThat(record.useLogoutToken("jti-at-boot", Instant.now(), keepUntil).block(WAIT)).isTrue();
				RedisCommands<String, String> commands = inspector.sync();
				commands.select(3);
				try {
					assertThat(commands.exists("logto:session:ended:i:ended-at-boot",
							"logto:session:ended:j:jti-at-boot"))
						.as("in the Redis of spring.data.redis.*, database 3")
						.isEqualTo(2);
				}
				finally {
					commands.select(0);
				}
			});
	}

	@Test
	void redisStoreWhenOnlyBootUrlThenItConnectsWithIt() {
		this.runner
			.withPropertyValues(
					"spring.data.redis.url=redis://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/4")
			.run(context -> assertThat(savedKeyIn(context, 4)).isTrue());
	}

	@Test
	void redisStoreWhenBothLogtoUrlAndBootSettingsThenLogtoUrlWins() {
		this.runner
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1",
					"spring.data.redis.ssl.enabled=true", "spring.data.redis.connect-timeout=123ms",
					"logto.session.redis-url=redis://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/5")
			.run(context -> {
				assertThat(savedKeyIn(context, 5)).isTrue();
				assertThat(context.getBean(RedisClient.class).getOptions().getSocketOptions().getConnectTimeout())
					.as("Boot's client options are not used either")
					.isEqualTo(Duration.ofSeconds(10));
			});
	}

	@Test
	void redisStoreWhenBootTimeoutSetThenItBoundsEachCommandUnlessLogtoTimeoutIsSet() {
		ReactiveWebApplicationContextRunner boot = this.runner.withPropertyValues("spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redis.port(), "spring.data.redis.password=" + PASSWORD,
				"spring.data.redis.timeout=500ms");
		boot.run(context -> assertThat(timeoutMessage(context)).isEqualTo("Redis did not answer load within 500 ms"));
		boot.withPropertyValues("logto.session.redis-timeout=700ms")
			.run(context -> assertThat(timeoutMessage(context)).isEqualTo("Redis did not answer load within 700 ms"));
	}

	@Test
	void redisClientWhenBootSslAndConnectTimeoutSetThenTlsAndThatConnectTimeout() {
		this.runner
			.withPropertyValues("spring.data.redis.host=redis.example", "spring.data.redis.ssl.enabled=true",
					"spring.data.redis.connect-timeout=1500ms")
			.run(context -> {
				assertThat(context).hasNotFailed();
				BootRedisConnection connection = context.getBean(BootRedisConnection.class);
				assertThat(connection.uri().isSsl()).isTrue();
				assertThat(connection.uri().getHost()).isEqualTo("redis.example");
				assertThat(connection.sslOptions()).isNotNull();
				assertThat(context.getBean(RedisClient.class).getOptions().getSocketOptions().getConnectTimeout())
					.isEqualTo(Duration.ofMillis(1500));
			});
	}

	@Test
	void redisStoreWhenBootConfiguresAClusterThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:7000,127.0.0.1:7001")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(LogtoConfigurationException.class)
				.hasMessageContaining("logto.session.redis-url")
				.hasMessageContaining("spring.data.redis.cluster"));
	}

	@Test
	void redisStoreWhenNeitherLogtoUrlNorBootRedisConnectionThenStartupFailsNamingBoth() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LogtoReactiveAutoConfiguration.class))
			.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app",
					"logto.app-secret=secret", "logto.cookie.secret=" + SECRET, "logto.session.store=redis")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(LogtoConfigurationException.class)
				.hasMessageContaining("logto.session.redis-url")
				.hasMessageContaining("spring.data.redis"));
	}

	@Test
	void redisStoreWhenBootRedisSupportAbsentThenLogtoUrlAloneIsUsed() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LogtoReactiveAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.data.redis"))
			.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app",
					"logto.app-secret=secret", "logto.cookie.secret=" + SECRET, "logto.session.store=redis",
					"logto.session.redis-url=redis://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/6")
			.run(context -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(BootRedisConnection.class);
				assertThat(savedKeyIn(context, 6)).isTrue();
			});
	}

	private static boolean savedKeyIn(ApplicationContext context, int database) {
		RedisSessionStore store = context.getBean(RedisSessionStore.class);
		String id = "boot-connection-" + sessions.incrementAndGet();
		LogtoSession session = LogtoSession.create(id, Instant.now()).withTokens("id-token", "refresh-1");
		assertThat(store.save(session, SessionStore.ABSENT).block(WAIT)).isTrue();
		RedisCommands<String, String> commands = inspector.sync();
		commands.select(database);
		try {
			return commands.exists("logto:session:" + id) == 1;
		}
		finally {
			commands.select(0);
		}
	}

	/** Pauses Redis (for 2 s) longer than the store's timeout and returns the message of the store's typed error. */
	private static String timeoutMessage(ApplicationContext context) {
		RedisSessionStore store = context.getBean(RedisSessionStore.class);
		answered(store, "warm-up");
		inspector.sync().clientPause(2000);
		StringBuilder message = new StringBuilder();
		StepVerifier.create(store.load("paused"))
			.expectErrorSatisfies(error -> message
				.append(assertThat(error).isInstanceOf(SessionStoreException.class).actual().getMessage()))
			.verify(WAIT);
		answered(store, "after-the-pause");
		return message.toString();
	}

	/** Loads until Redis answers within the store's timeout (connecting, or waiting out a pause). */
	private static void answered(RedisSessionStore store, String id) {
		Mono.defer(() -> store.load(id)).retryWhen(Retry.fixedDelay(50, Duration.ofMillis(100))).block(WAIT);
	}
}
