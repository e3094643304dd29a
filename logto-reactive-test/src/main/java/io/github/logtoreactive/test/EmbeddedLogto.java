package io.github.logtoreactive.test;

import java.util.stream.Collectors;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the embedded server for a Spring application and wires the application to it, for
 * {@link AutoConfigureLogtoTestServer} (tests) and {@link LogtoDevServer} (local runs): the tenant is derived from the
 * application's settings ({@link DevTenant}), the {@code logto.*} properties pointing at the server take precedence
 * over the application's, and the server is a bean that stops with the context.
 */
final class EmbeddedLogto {

	/** The property source holding the embedded server's {@code logto.*} properties. */
	static final String PROPERTY_SOURCE = "logtoTestServer";

	/** The bean name of the embedded server. */
	static final String BEAN_NAME = "logtoTestServer";

	private EmbeddedLogto() {
	}

	/**
	 * Starts the server, blocking the calling (main or test) thread until it is bound, and puts its properties first
	 * in the environment.
	 * @param environment the application's environment, its configuration files read
	 * @param autoLogin the user to sign in without the sign-in page, or empty for the page
	 * @return the running server
	 */
	static LogtoTestServer start(ConfigurableEnvironment environment, String autoLogin) {
		DevTenant tenant = DevTenant.of(environment);
		LogtoTestServer.Builder builder = LogtoTestServer.builder().tenant(tenant.tenant());
		if (!autoLogin.isEmpty()) {
			builder.autoLogin(autoLogin);
		}
		LogtoTestServer server = builder.build().start();
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, tenant.properties(server)));
		return server;
	}

	/**
	 * Makes the server a bean of the context, stopped when the context closes.
	 * @param context the application context, not refreshed yet
	 * @param server the running server
	 */
	static void register(ConfigurableApplicationContext context, LogtoTestServer server) {
		DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
		beans.registerSingleton(BEAN_NAME, server);
		beans.registerDisposableBean(BEAN_NAME, server::stop);
	}

	/**
	 * @param server the running server
	 * @param environment the environment wired to it
	 * @return what to tell a developer: where the server runs, where to sign in, and the users
	 */
	static String banner(LogtoTestServer server, ConfigurableEnvironment environment) {
		String users = server.tenant().users().values().stream()
			.map(user -> user.username() + " / " + user.password())
			.collect(Collectors.joining(", "));
		return "Started the embedded Logto-compatible server at " + server.baseUrl() + " for logto.app-id="
				+ environment.getProperty("logto.app-id") + "; sign in at " + environment.getProperty("logto.base-url")
				+ environment.getProperty("logto.routes.sign-in", "/logto/sign-in") + " as " + users;
	}
}
