package io.github.logtoreactive.webflux.autoconfigure;

import io.github.logtoreactive.LogtoEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Says why logto-reactive is off when {@code logto.endpoint} is not set: {@link LogtoReactiveAutoConfiguration} then
 * defines nothing (no {@link LogtoEngine}, no routes, no protected paths), and one log line at startup names what to
 * set instead of leaving a missing bean or a 404 on {@code /logto/sign-in} to explain it. A blank
 * {@code logto.endpoint} is not "off": it fails startup naming the property.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(LogtoEngine.class)
@Conditional(LogtoOffAutoConfiguration.NoEndpoint.class)
public class LogtoOffAutoConfiguration {

	/** The line logged at startup. */
	static final String MESSAGE = "logto-reactive is off: logto.endpoint is not set, so there is no LogtoEngine bean, "
			+ "no /logto/sign-in or other route, and logto.protected-paths protect nothing. "
			+ "Set logto.endpoint, logto.app-id, logto.app-secret and logto.cookie.secret (README \"Quick start\"), "
			+ "or run against the embedded Logto-compatible server (README \"Run your app locally\").";

	private static final Logger logger = LoggerFactory.getLogger(LogtoOffAutoConfiguration.class);

	@Bean
	static SmartInitializingSingleton logtoOffReport() {
		return () -> logger.info(MESSAGE);
	}

	/** The complement of {@link LogtoReactiveAutoConfiguration}'s condition on {@code logto.endpoint}. */
	static final class NoEndpoint extends NoneNestedConditions {

		NoEndpoint() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(prefix = "logto", name = "endpoint")
		static final class EndpointSet {

		}
	}
}
