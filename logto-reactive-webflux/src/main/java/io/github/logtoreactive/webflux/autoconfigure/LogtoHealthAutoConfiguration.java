package io.github.logtoreactive.webflux.autoconfigure;

import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.store.RedisSessionStore;
import io.lettuce.core.RedisClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/**
 * Health indicators for Spring Boot's actuator, when its health support is present: {@code logto} (Logto reachable:
 * its discovery document, the result reused for {@code logto.health.time-to-live}) for an application's
 * {@link LogtoEngine}, and {@code logtoSessionStore} (a {@code PING} through the Redis session store's connection,
 * bounded by {@code logto.session.redis-timeout}) when sessions live in a {@link RedisSessionStore}. Off with
 * {@code management.health.logto.enabled=false} and {@code management.health.logto-session-store.enabled=false};
 * each backs off when the application defines a bean of the same name. Neither is in the liveness or readiness
 * group unless the application adds it ({@code management.endpoint.health.group.readiness.include}).
 */
@AutoConfiguration(after = LogtoReactiveAutoConfiguration.class)
@ConditionalOnClass({ LogtoEngine.class, ReactiveHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@EnableConfigurationProperties(LogtoHealthProperties.class)
public class LogtoHealthAutoConfiguration {

	@Bean
	@ConditionalOnBean(LogtoEngine.class)
	@ConditionalOnMissingBean(name = "logtoHealthIndicator")
	@ConditionalOnEnabledHealthIndicator("logto")
	ReactiveHealthIndicator logtoHealthIndicator(LogtoEngine engine, LogtoHealthProperties properties) {
		return new LogtoHealthIndicator(engine, properties.getTimeToLive(), Schedulers.parallel());
	}

	/**
	 * The Redis session store's indicator.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisClient.class)
	static class SessionStoreHealthConfiguration {

		@Bean
		@ConditionalOnBean(RedisSessionStore.class)
		@ConditionalOnMissingBean(name = "logtoSessionStoreHealthIndicator")
		@ConditionalOnEnabledHealthIndicator("logto-session-store")
		ReactiveHealthIndicator logtoSessionStoreHealthIndicator(RedisSessionStore store) {
			return new LogtoSessionStoreHealthIndicator(store);
		}
	}
}
