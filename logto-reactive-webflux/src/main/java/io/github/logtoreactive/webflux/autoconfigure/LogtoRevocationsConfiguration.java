package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.github.logtoreactive.store.RedisSessionRevocations;
import io.github.logtoreactive.store.SessionRevocations;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The record of ended sessions (sign-out, back-channel logout) shared through Redis when
 * {@code logto.session.redis-url} is set (not blank), with the cookie store ({@code logto.session.store=cookie}, the
 * default) or the Redis store: a session ended on one instance is then refused by all. Without it each instance keeps its own record in memory, and a session ended on
 * one instance stays signed in on the others until its ID token is revalidated. An application's own
 * {@link SessionRevocations} bean replaces it. Imported by {@link LogtoReactiveAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisClient.class)
@ConditionalOnExpression("!'${logto.session.redis-url:}'.isBlank()")
class LogtoRevocationsConfiguration {

	/**
	 * The Redis client of the shared record when the Redis store does not define one (any store but redis).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnExpression("!'${logto.session.store:cookie}'.equalsIgnoreCase('redis')")
	static class RecordRedisClient {

		@Bean(destroyMethod = "shutdown")
		@ConditionalOnMissingBean
		RedisClient logtoRedisClient() {
			return RedisClient.create();
		}
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(SessionRevocations.class)
	RedisSessionRevocations logtoRedisSessionRevocations(LogtoProperties properties, ObjectProvider<RedisClient> client,
			Clock clock) {
		LogtoProperties.Session session = properties.getSession();
		RedisURI uri = RedisUrl.of(properties, "the shared record of ended sessions");
		Duration timeout = session.getRedisTimeout();
		return RedisSessionRevocations.builder(client.getObject(), uri)
			.keyPrefix(session.getRedisKeyPrefix() + "ended:")
			.timeout(timeout != null ? timeout : LogtoReactiveAutoConfiguration.RedisStoreConfiguration.DEFAULT_REDIS_TIMEOUT)
			.clock(clock)
			.build();
	}
}
