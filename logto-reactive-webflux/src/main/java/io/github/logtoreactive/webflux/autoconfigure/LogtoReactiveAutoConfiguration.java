package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Clock;
import java.util.List;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.InMemorySessionStore;
import io.github.logtoreactive.store.RedisSessionStore;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.web.LogtoRoutes;
import io.github.logtoreactive.web.SessionStorage;
import io.github.logtoreactive.webflux.LogtoWebExceptionHandler;
import io.github.logtoreactive.webflux.LogtoWebFilter;
import io.github.logtoreactive.webflux.SignInOptionsCustomizer;
import io.github.logtoreactive.webflux.security.LogtoAuthoritiesMapper;
import io.github.logtoreactive.webflux.security.LogtoServerSecurityContextRepository;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of logto-reactive for reactive web applications, from the {@code logto.*} properties: the
 * {@link LogtoConfig}, a shared {@link LogtoEngine}, the cookie codecs, the session store
 * ({@code logto.session.store=cookie|memory|redis}), the {@link LogtoWebFilter} (with every
 * {@link SignInOptionsCustomizer} bean), the {@link LogtoWebExceptionHandler} for {@code LogtoException}s escaping
 * handlers, a Spring Security context repository when Spring Security is present, Micrometer metrics when Micrometer
 * is, and, when Boot runs the server and sessions live in cookies, a request-header limit that holds them
 * ({@link RequestHeaderLimit}). Every bean backs off when the application defines its own. Startup fails with a
 * message naming the property to set when the configuration is invalid. Active when {@code logto.endpoint} is set
 * (not blank; otherwise {@link LogtoOffAutoConfiguration} says why nothing is), except for an API that only
 * validates access tokens ({@code logto.resource-server.*} without {@code logto.app-id}, see
 * {@link LogtoResourceServerAutoConfiguration}). The {@code LogtoClient} controller argument:
 * {@link LogtoClientArgumentResolverAutoConfiguration}; the security chain: {@link LogtoSecurityAutoConfiguration}.
 *
 * <p>
 * The engine, the filter and the session stores share one {@link Clock}: the application's own {@code Clock} bean,
 * else {@link Clock#systemUTC()}.
 */
@AutoConfiguration
@Import(LogtoClockConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(LogtoEngine.class)
@Conditional({ OnLogtoEndpoint.class, OnClientApplication.class })
@EnableConfigurationProperties(LogtoProperties.class)
public class LogtoReactiveAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LogtoConfig logtoConfig(LogtoProperties properties) {
		return LogtoPropertiesMapper.config(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	LogtoEngine logtoEngine(LogtoConfig config, Clock clock) {
		return LogtoEngine.builder(config).clock(clock).build();
	}

	@Bean
	@ConditionalOnMissingBean
	CookieSecrets logtoCookieSecrets(LogtoProperties properties, LogtoConfig config) {
		return LogtoPropertiesMapper.secrets(properties, config.appId());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionCookieSettings logtoSessionCookieSettings(LogtoProperties properties, LogtoConfig config) {
		return LogtoPropertiesMapper.cookieSettings(properties, config);
	}

	@Bean
	@ConditionalOnMissingBean
	SessionCookieCodec logtoSessionCookieCodec(CookieSecrets secrets, SessionCookieSettings settings) {
		return SessionCookieCodec.create(secrets, settings);
	}

	@Bean
	@ConditionalOnMissingBean
	TransactionCookieCodec logtoTransactionCookieCodec(CookieSecrets secrets, SessionCookieSettings settings) {
		return TransactionCookieCodec.create(secrets, settings);
	}

	@Bean
	@ConditionalOnMissingBean
	SessionStorage logtoSessionStorage(LogtoProperties properties, ObjectProvider<SessionStore> store,
			SessionCookieCodec sessionCodec, TransactionCookieCodec transactionCodec, CookieSecrets secrets,
			SessionCookieSettings settings) {
		SessionStore configured = store.getIfAvailable();
		if (configured == null) {
			if (properties.getSession().getStore() == LogtoProperties.StoreType.REDIS) {
				throw new LogtoConfigurationException("logto.session.store",
						"logto.session.store=redis needs the Redis client Lettuce on the classpath: add the dependency "
								+ "io.lettuce:lettuce-core, or define your own SessionStore bean, or set "
								+ "logto.session.store=cookie or memory");
			}
			return SessionStorage.inCookies(sessionCodec, transactionCodec);
		}
		return SessionStorage.inStore(configured, SessionIdCookieCodec.create(secrets, settings), transactionCodec);
	}

	@Bean
	@ConditionalOnMissingBean
	LogtoRoutes logtoRoutes(LogtoProperties properties) {
		return LogtoPropertiesMapper.routes(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	LogtoWebFilter logtoWebFilter(LogtoEngine engine, SessionStorage storage, LogtoRoutes routes,
			LogtoProperties properties, ObjectProvider<SignInOptionsCustomizer> signInCustomizers) {
		LogtoWebFilter.Builder builder = LogtoWebFilter.builder(engine, storage);
		signInCustomizers.orderedStream().forEach(builder::signInOptionsCustomizer);
		return builder
			.routes(routes)
			.baseUrl(properties.getBaseUrl() == null || properties.getBaseUrl().isEmpty() ? null
					: properties.getBaseUrl())
			.protectedPaths(properties.getProtectedPaths())
			.routeTokens(LogtoPropertiesMapper.routeTokens(properties))
			.pendingTtl(properties.getSession().getPendingTtl())
			.build();
	}

	/**
	 * Answers a {@code LogtoException} escaping a handler like the filter's own routes; off with
	 * {@code logto.error-handling.enabled=false} or when the application defines its own
	 * {@link LogtoWebExceptionHandler}. An application's {@code @ExceptionHandler} for it runs first either way.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "logto.error-handling", name = "enabled", matchIfMissing = true)
	LogtoWebExceptionHandler logtoWebExceptionHandler(LogtoWebFilter filter) {
		return LogtoWebExceptionHandler.of(filter);
	}

	/**
	 * The in-memory store, for {@code logto.session.store=memory}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "logto.session", name = "store", havingValue = "memory")
	static class MemoryStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionStore.class)
		InMemorySessionStore logtoInMemorySessionStore(LogtoProperties properties, Clock clock) {
			return InMemorySessionStore.builder()
				.maxEntries(properties.getSession().getMemoryMaxSessions())
				.idleTimeout(properties.getCookie().getIdleTimeout())
				.absoluteTimeout(properties.getCookie().getAbsoluteTimeout())
				.clock(clock)
				.build();
		}
	}

	/**
	 * The Redis store, for {@code logto.session.store=redis}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisClient.class)
	@ConditionalOnProperty(prefix = "logto.session", name = "store", havingValue = "redis")
	static class RedisStoreConfiguration {

		@Bean(destroyMethod = "shutdown")
		@ConditionalOnMissingBean
		RedisClient logtoRedisClient() {
			return RedisClient.create();
		}

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(SessionStore.class)
		RedisSessionStore logtoRedisSessionStore(LogtoProperties properties, RedisClient client, Clock clock) {
			String url = properties.getSession().getRedisUrl();
			if (url == null || url.isBlank()) {
				throw new LogtoConfigurationException("logto.session.redis-url",
						"logto.session.redis-url is required with logto.session.store=redis, e.g. redis://localhost:6379");
			}
			RedisURI uri;
			try {
				uri = RedisURI.create(url);
			}
			catch (RuntimeException ex) {
				throw new LogtoConfigurationException("logto.session.redis-url",
						"logto.session.redis-url is not a Redis URL: " + url);
			}
			return RedisSessionStore.builder(client, uri)
				.keyPrefix(properties.getSession().getRedisKeyPrefix())
				.timeout(properties.getSession().getRedisTimeout())
				.idleTimeout(properties.getCookie().getIdleTimeout())
				.absoluteTimeout(properties.getCookie().getAbsoluteTimeout())
				.clock(clock)
				.build();
		}
	}

	/**
	 * The server's request-header limit fitted to cookie sessions, when Boot configures the server.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.web.server.autoconfigure.ServerProperties")
	static class RequestHeaderLimitConfiguration {

		@Bean
		static RequestHeaderLimit logtoRequestHeaderLimit(Environment environment, ListableBeanFactory beans) {
			return new RequestHeaderLimit(environment, beans);
		}
	}

	/**
	 * Spring Security: a security context from the Logto session (the chain itself: {@link LogtoSecurityAutoConfiguration}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.security.web.server.context.ServerSecurityContextRepository",
			"org.springframework.security.oauth2.core.oidc.user.OidcUser" })
	static class SecurityConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LogtoServerSecurityContextRepository logtoServerSecurityContextRepository(
				ObjectProvider<LogtoAuthoritiesMapper> authorities) {
			return new LogtoServerSecurityContextRepository(authorities.getIfAvailable(LogtoAuthoritiesMapper::defaults));
		}
	}

	/**
	 * Micrometer metrics.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "logtoMeterBinder")
		MeterBinder logtoMeterBinder(LogtoEngine engine, LogtoWebFilter filter, SessionCookieCodec codec) {
			return new LogtoMeterBinder(engine, filter, List.of(codec.metrics()));
		}
	}
}
