package io.github.logtoreactive.webflux.autoconfigure;

import java.util.List;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * When {@code logto.endpoint} is not set (or blank), {@link LogtoReactiveAutoConfiguration} defines nothing: no
 * {@link LogtoEngine}, no {@code /logto/*} routes, no protected paths. This says so in one log line at startup, naming
 * what to set, instead of leaving a missing bean or a 404 on {@code /logto/sign-in} to explain it. An application
 * that declares {@code logto.protected-paths} fails to start instead: nothing would protect them (say, a production
 * deployment whose {@code LOGTO_ENDPOINT} is missing).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(LogtoEngine.class)
@Conditional(LogtoOffAutoConfiguration.NoEndpoint.class)
public class LogtoOffAutoConfiguration {

	/** The line logged at startup. */
	static final String MESSAGE = "logto-reactive is off: logto.endpoint is not set, so there is no LogtoEngine bean "
			+ "and no /logto/sign-in or other route. Set logto.endpoint, logto.app-id, logto.app-secret and "
			+ "logto.cookie.secret (README \"Quick start\"), or run against the embedded Logto-compatible server "
			+ "(README \"Run your app locally against the embedded server\").";

	private static final Logger logger = LoggerFactory.getLogger(LogtoOffAutoConfiguration.class);

	/**
	 * @throws LogtoConfigurationException naming {@code logto.endpoint} when {@code logto.protected-paths} is set
	 */
	@Bean
	static SmartInitializingSingleton logtoOffReport(Environment environment) {
		List<String> protectedPaths = Binder.get(environment)
			.bind("logto.protected-paths", Bindable.listOf(String.class))
			.orElse(List.of())
			.stream()
			.filter(path -> !path.isBlank())
			.toList();
		if (!protectedPaths.isEmpty()) {
			throw new LogtoConfigurationException("logto.endpoint", "logto.protected-paths is set (" + protectedPaths
					+ ") but logto.endpoint is not, so nothing would protect those paths: set logto.endpoint (or "
					+ "LOGTO_ENDPOINT), logto.app-id, logto.app-secret and logto.cookie.secret, or run against the "
					+ "embedded Logto-compatible server");
		}
		return () -> logger.info(MESSAGE);
	}

	/** The complement of {@link LogtoReactiveAutoConfiguration}'s condition on {@code logto.endpoint}. */
	static final class NoEndpoint extends NoneNestedConditions {

		NoEndpoint() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(OnLogtoEndpoint.class)
		static final class EndpointSet {

		}
	}
}
