package io.github.logtoreactive.webflux.autoconfigure;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.UserScope;
import io.github.logtoreactive.store.InMemorySessionStore;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.web.LogtoRoutes;
import io.github.logtoreactive.web.SessionStorage;
import io.github.logtoreactive.webflux.LogtoWebFilter;
import io.github.logtoreactive.webflux.security.LogtoServerSecurityContextRepository;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class LogtoReactiveAutoConfigurationTests {

	private static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LogtoReactiveAutoConfiguration.class));

	private ReactiveWebApplicationContextRunner configured() {
		return this.runner.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app",
				"logto.app-secret=secret", "logto.cookie.secret=" + SECRET);
	}

	@Test
	void whenConfiguredThenEngineFilterAndCookieSessionsAreDefined() {
		configured().withPropertyValues("logto.scopes=email,urn:logto:scope:organizations",
				"logto.resources=https://api.example.com", "logto.protected-paths=/api/**",
				"logto.routes.sign-in=/auth/login").run(context -> {
					assertThat(context).hasNotFailed();
					assertThat(context).hasSingleBean(LogtoEngine.class).hasSingleBean(LogtoWebFilter.class);
					LogtoConfig config = context.getBean(LogtoConfig.class);
					assertThat(config.scopes()).contains("openid", "offline_access", "profile", UserScope.EMAIL,
							UserScope.ORGANIZATIONS);
					assertThat(config.resources()).containsExactly("https://api.example.com",
							"urn:logto:resource:organizations");
					assertThat(context.getBean(LogtoRoutes.class).signIn()).isEqualTo("/auth/login");
					assertThat(context.getBean(SessionStorage.class).usesStore()).isFalse();
					assertThat(context).hasSingleBean(LogtoServerSecurityContextRepository.class);
					assertThat(context).hasBean("logtoMeterBinder");
					assertThat(context.getBean("logtoMeterBinder")).isInstanceOf(MeterBinder.class);
				});
	}

	@Test
	void whenNoEndpointThenNothingIsDefined() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(LogtoEngine.class)
			.doesNotHaveBean(LogtoWebFilter.class));
	}

	@Test
	void whenMemoryStoreThenSessionsLiveInTheStore() {
		configured().withPropertyValues("logto.session.store=memory").run(context -> {
			assertThat(context).hasSingleBean(InMemorySessionStore.class);
			assertThat(context.getBean(SessionStorage.class).usesStore()).isTrue();
		});
	}

	@Test
	void whenRedisStoreWithoutUrlThenStartupFailsNamingTheProperty() {
		configured().withPropertyValues("logto.session.store=redis")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("logto.session.redis-url"));
	}

	@Test
	void whenRedisStoreWithoutLettuceThenStartupFailsNamingTheDependency() {
		configured().withPropertyValues("logto.session.store=redis", "logto.session.redis-url=redis://localhost:6379")
			.withClassLoader(new FilteredClassLoader(RedisClient.class))
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(LogtoConfigurationException.class)
				.hasMessageContaining("logto.session.store=redis")
				.hasMessageContaining("io.lettuce:lettuce-core"));
	}

	@Test
	void whenRedisStoreWithoutLettuceButOwnStoreThenSessionsLiveInIt() {
		configured().withPropertyValues("logto.session.store=redis")
			.withClassLoader(new FilteredClassLoader(RedisClient.class))
			.withBean(SessionStore.class, () -> InMemorySessionStore.builder().build())
			.run(context -> assertThat(context.getBean(SessionStorage.class).usesStore()).isTrue());
	}

	@Test
	void whenCookieSessionsAndHeaderLimitUnsetThenItHoldsEveryChunkAndOtherHeaders() {
		configured().withUserConfiguration(BootServer.class)
			.run(context -> assertThat(context.getBean(ServerProperties.class).getMaxHttpRequestHeaderSize())
				.isEqualTo(DataSize.ofKilobytes(24)));
		configured().withUserConfiguration(BootServer.class)
			.withPropertyValues("logto.cookie.max-chunks=8")
			.run(context -> assertThat(context.getBean(ServerProperties.class).getMaxHttpRequestHeaderSize())
				.isEqualTo(DataSize.ofKilobytes(40)));
	}

	@Test
	void whenHeaderLimitSetHighEnoughThenKept() {
		configured().withUserConfiguration(BootServer.class)
			.withPropertyValues("server.max-http-request-header-size=64KB")
			.run(context -> assertThat(context.getBean(ServerProperties.class).getMaxHttpRequestHeaderSize())
				.isEqualTo(DataSize.ofKilobytes(64)));
	}

	@Test
	void whenHeaderLimitSetTooLowForMaxChunksThenStartupFailsNamingBothSettings() {
		configured().withUserConfiguration(BootServer.class)
			.withPropertyValues("server.max-http-request-header-size=16KB")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(LogtoConfigurationException.class)
				.hasMessageContaining("logto.cookie.max-chunks=4")
				.hasMessageContaining("server.max-http-request-header-size=16KB")
				.hasMessageContaining("at least 24KB")
				.hasMessageContaining("431"));
	}

	@Test
	void whenSessionsInAStoreThenHeaderLimitLeftAlone() {
		configured().withUserConfiguration(BootServer.class)
			.withPropertyValues("logto.session.store=memory", "server.max-http-request-header-size=8KB")
			.run(context -> assertThat(context.getBean(ServerProperties.class).getMaxHttpRequestHeaderSize())
				.isEqualTo(DataSize.ofKilobytes(8)));
		configured().withUserConfiguration(BootServer.class)
			.withPropertyValues("logto.session.store=memory")
			.run(context -> assertThat(context.getBean(ServerProperties.class).getMaxHttpRequestHeaderSize())
				.isEqualTo(DataSize.ofKilobytes(8)));
	}

	@Test
	void whenCookieSecretMissingThenStartupFailsSayingWhatToSet() {
		this.runner.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("logto.cookie.secret")
				.hasMessageContaining("openssl rand -base64 32"));
	}

	@Test
	void whenCookieSecretTooWeakThenStartupFails() {
		this.runner.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app",
				"logto.cookie.secret=short")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("logto.cookie.secret"));
	}

	@Test
	void whenEndpointNotHttpThenStartupFailsNamingTheProperty() {
		configured().withPropertyValues("logto.endpoint=ftp://tenant.logto.app")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("logto.endpoint")
				.hasMessageContaining("http or https"));
	}

	@Test
	void whenAppIdMissingThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.cookie.secret=" + SECRET)
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("logto.app-id"));
	}

	@Test
	void whenApplicationDefinesItsOwnEngineThenTheStarterBacksOff() {
		configured().withUserConfiguration(OwnEngine.class).run(context -> {
			assertThat(context).hasSingleBean(LogtoEngine.class);
			assertThat(context.getBean(LogtoEngine.class)).isSameAs(context.getBean(OwnEngine.class).engine);
		});
	}

	/** The server properties Boot binds when it runs the web server. */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ServerProperties.class)
	static class BootServer {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnEngine {

		final LogtoEngine engine = LogtoEngine.create(
				LogtoConfig.builder().endpoint("https://own.logto.app").appId("own").build());

		@Bean
		LogtoEngine logtoEngine() {
			return this.engine;
		}
	}
}
