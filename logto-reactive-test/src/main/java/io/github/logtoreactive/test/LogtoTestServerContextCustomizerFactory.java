package io.github.logtoreactive.test;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Reads {@link AutoConfigureLogtoTestServer} for the Spring TestContext framework (registered in
 * {@code META-INF/spring.factories}): starts the embedded server when the context is created and sets the
 * {@code logto.*} properties to it. Public only because Spring instantiates it; applications use the annotation.
 */
public final class LogtoTestServerContextCustomizerFactory implements ContextCustomizerFactory {

	/** The property source holding the embedded server's {@code logto.*} properties. */
	public static final String PROPERTY_SOURCE = "logtoTestServer";

	/** The bean name of the embedded server. */
	public static final String BEAN_NAME = "logtoTestServer";

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

	/** Starts the server for one context; equal for equal settings, so Spring can cache the context. */
	private record Customizer(String autoLogin) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
			LogtoTestServer.Builder builder = LogtoTestServer.builder().tenant(TestTenant.sample());
			if (!this.autoLogin.isEmpty()) {
				builder.autoLogin(this.autoLogin);
			}
			LogtoTestServer server = builder.build().start();
			TestWebApp app = server.tenant().webApps().values().iterator().next();
			URI redirect = URI.create(app.redirectUris().get(0));
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("logto.endpoint", server.baseUrl());
			properties.put("logto.app-id", app.id());
			properties.put("logto.app-secret", app.secret());
			properties.put("logto.base-url", redirect.getScheme() + "://" + redirect.getRawAuthority());
			properties.put("logto.cookie.secret", randomSecret());
			properties.put("logto.cookie.secure", "false");
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
			DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
			beans.registerSingleton(BEAN_NAME, server);
			beans.registerDisposableBean(BEAN_NAME, server::stop);
		}

		private static String randomSecret() {
			byte[] bytes = new byte[32];
			new SecureRandom().nextBytes(bytes);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}
	}
}
