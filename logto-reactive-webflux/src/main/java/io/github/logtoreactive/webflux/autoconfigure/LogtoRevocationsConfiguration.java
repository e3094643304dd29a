package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.github.logtoreactive.store.RedisSessionRevocations;
import io.github.logtoreactive.store.RedisSessionStore;
import io.github.logtoreactive.store.SessionRevocations;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The record of ended sessions (sign-out, back-channel logout) shared through Redis, so that a session ended on one
 * instance is refused by all: with the Redis store ({@code logto.session.store=redis}) in the store's Redis, on the
 * store's own connection, wherever the store connects ({@code logto.session.redis-url}, or Spring Boot's
 * {@code spring.data.redis.*}); with any other store (the cookie store by default) when
 * {@code logto.session.redis-url} is set (not blank). Without either each instance keeps its own record in memory,
 * and a session ended on one instance stays signed in on the others until its ID token is revalidated. An
 * application's own {@link SessionRevocations} bean replaces it. Imported by {@link LogtoReactiveAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisClient.class)
class LogtoRevocationsConfiguration {

	/**
	 * With the Redis store: the record in the store's Redis, on its connection, so a request's load and ended-session
	 * check go out together.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "logto.session", name = "store", havingValue = "redis")
	static class OnTheRedisStore {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(SessionRevocations.class)
		@ConditionalOnBean(RedisSessionStore.class)
		RedisSessionRevocations logtoRedisSessionRevocations(LogtoProperties properties, RedisSessionStore store,
				Clock clock) {
			return RedisSessionRevocations.builder(store)
				.keyPrefix(properties.getSession().getRedisKeyPrefix() + "ended:")
				.clock(clock)
				.build();
		}
	}

	/**
	 * With another store and {@code logto.session.redis-url}: the record at that URL, on a connection of its own.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnExpression("!'${logto.session.redis-url:}'.isBlank() "
			+ "&& !'${logto.session.store:cookie}'.equalsIgnoreCase('redis')")
	static class AtTheRedisUrl {

		@Bean(destroyMethod = "shutdown")
		@ConditionalOnMissingBean
		RedisClient logtoRedisClient() {
			return RedisClient.create();
		}

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(SessionRevocations.class)
		RedisSessionRevocations logtoRedisSessionRevocations(LogtoProperties properties,
				ObjectProvider<RedisClient> client, Clock clock) {
			LogtoProperties.Session session = properties.getSession();
			RedisURI uri = RedisUrl.of(properties, "the shared record of ended sessions");
			Duration timeout = session.getRedisTimeout();
			return RedisSessionRevocations.builder(client.getObject(), uri)
				.keyPrefix(session.getRedisKeyPrefix() + "ended:")
				.timeout(timeout != null ? timeout
						: LogtoReactiveAutoConfiguration.RedisStoreConfiguration.DEFAULT_REDIS_TIMEOUT)
				.clock(clock)
				.build();
		}
	}
}
