package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.RedisSessionStore;
import io.github.logtoreactive.web.SessionCoordination;
import io.lettuce.core.RedisClient;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Cookie sessions on many instances: with {@code logto.session.store=cookie} (the default) and
 * {@code logto.session.redis-url} set, a {@link SessionCoordination} through Redis, so the instances share refresh
 * leases and each session's newest tokens. What is published lives under {@code <redis-key-prefix>cookie:} for
 * {@code logto.session.pending-ttl}, encrypted with a key derived from the cookie secrets. The Redis connection
 * closes with the {@link RedisClient} bean.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisClient.class)
@Conditional(LogtoSessionCoordinationConfiguration.OnCookieSessionsWithRedis.class)
class LogtoSessionCoordinationConfiguration {

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	RedisClient logtoRedisClient() {
		return RedisClient.create();
	}

	@Bean
	@ConditionalOnMissingBean
	SessionCoordination logtoSessionCoordination(LogtoProperties properties, RedisClient client, Clock clock,
			CookieSecrets secrets, ObjectProvider<ObservationRegistry> observationRegistry) {
		LogtoProperties.Session session = properties.getSession();
		Duration timeout = session.getRedisTimeout();
		RedisSessionStore.Builder shared = RedisSessionStore
			.builder(client, RedisUrl.of(properties, "logto.session.store=cookie on many instances"))
			.keyPrefix(session.getRedisKeyPrefix() + "cookie:")
			.timeout(timeout != null ? timeout : LogtoReactiveAutoConfiguration.RedisStoreConfiguration.DEFAULT_REDIS_TIMEOUT)
			.idleTimeout(session.getPendingTtl())
			.absoluteTimeout(properties.getCookie().getAbsoluteTimeout())
			.clock(clock)
			.secrets(secrets);
		observationRegistry.ifUnique(shared::observationRegistry);
		return SessionCoordination.through(shared.build());
	}

	/**
	 * Matches when sessions live in cookies and a Redis URL is set (not blank).
	 */
	static final class OnCookieSessionsWithRedis extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment environment = context.getEnvironment();
			String store = environment.getProperty("logto.session.store", "cookie");
			String url = environment.getProperty("logto.session.redis-url", "");
			if (!"cookie".equalsIgnoreCase(store.trim())) {
				return ConditionOutcome.noMatch("logto.session.store is " + store + ", not cookie");
			}
			if (url.isBlank()) {
				return ConditionOutcome.noMatch("logto.session.redis-url is not set: cookie sessions per instance");
			}
			return ConditionOutcome.match("cookie sessions coordinated through logto.session.redis-url");
		}
	}
}
