package io.github.logtoreactive.test;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Reads {@link AutoConfigureLogtoTestServer} for the Spring TestContext framework (registered in
 * {@code META-INF/spring.factories}): starts the embedded server when the context is created, with a tenant derived
 * from the application's settings, and sets the {@code logto.*} properties to it. Public only because Spring
 * instantiates it; applications use the annotation.
 */
public final class LogtoTestServerContextCustomizerFactory implements ContextCustomizerFactory {

	private static final Logger logger = LoggerFactory.getLogger(LogtoTestServerContextCustomizerFactory.class);

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		AutoConfigureLogtoTestServer annotation = MergedAnnotations
			.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
			.get(AutoConfigureLogtoTestServer.class)
			.synthesize(merged -> merged.isPresent())
			.orElse(null);
		return annotation == null ? null : new Customizer(annotation.autoLogin());
	}

	/**
	 * Starts the server for one context, once the application's configuration files are read (the tenant is derived
	 * from them); equal for equal settings, so Spring can cache the context.
	 */
	private record Customizer(String autoLogin) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
			LogtoTestServer server = EmbeddedLogto.start(context.getEnvironment(), this.autoLogin);
			EmbeddedLogto.register(context, server);
			logger.debug(EmbeddedLogto.banner(server, context.getEnvironment()));
		}
	}
}
