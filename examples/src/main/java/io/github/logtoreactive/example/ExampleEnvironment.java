package io.github.logtoreactive.example;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.logtoreactive.test.LogtoTestServer;
import org.apache.commons.logging.Log;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns the {@code LOGTO_*} environment variables into the starter's {@code logto.*} properties, after
 * {@code application.yml} is read (it maps the plain values) and before any bean sees them:
 * <ul>
 * <li>no {@code LOGTO_ENDPOINT}: starts the embedded Logto-compatible server with the demo tenant
 * ({@link DemoTenant}), registering {@code <base>/logto/callback} and {@code <base>/}, and points
 * {@code logto.endpoint}, {@code logto.app-id} and {@code logto.app-secret} at it; the server stops with the
 * application context;</li>
 * <li>{@code LOGTO_SCOPES}, {@code LOGTO_RESOURCES}: comma (or space) separated lists, trimmed, empty items
 * dropped; unset, the default scopes ({@link #DEFAULT_SCOPES}, plus the demo APIs' permissions in embedded mode)
 * and, in embedded mode, the demo API resources;</li>
 * <li>{@code LOGTO_BASE_URL} (default {@code http://localhost:${SERVER_PORT:8080}}): the base URL, and the cookie's
 * {@code Secure} flag (on for https only);</li>
 * <li>no {@code LOGTO_COOKIE_SECRET}: a random secret for this run (sessions end at restart);</li>
 * <li>{@code LOGTO_SESSION_STORE}: {@code cookie} (default) or {@code redis}; with {@code cookie},
 * {@code LOGTO_REDIS_URL} makes the instances coordinate (one refresh per session, newest tokens adopted
 * everywhere).</li>
 * </ul>
 * A blank variable counts as unset. Blocking is fine here: it runs once, on the main thread, at startup.
 */
public final class ExampleEnvironment implements EnvironmentPostProcessor, Ordered {

	/** The scopes requested when {@code LOGTO_SCOPES} is not set. */
	public static final List<String> DEFAULT_SCOPES = List.of("email", "phone", "custom_data", "identities", "roles",
			"urn:logto:scope:organizations", "urn:logto:scope:organization_roles");

	/**
	 * The scopes requested in embedded mode when {@code LOGTO_SCOPES} is not set: the default ones and the demo API
	 * resources' permissions, so the demo's API tokens carry scopes.
	 */
	public static final List<String> EMBEDDED_SCOPES = java.util.stream.Stream
		.concat(DEFAULT_SCOPES.stream(), DemoTenant.RESOURCE_SCOPES.stream())
		.toList();

	static final String OVERRIDES = "logtoExampleOverrides";

	static final String DEFAULTS = "logtoExampleDefaults";

	static final String EMBEDDED_SERVER_BEAN = "embeddedLogtoServer";

	private final Log log;

	/**
	 * @param logs Boot's deferred logs (logging is not initialized yet)
	 */
	public ExampleEnvironment(DeferredLogFactory logs) {
		this.log = logs.getLog(ExampleEnvironment.class);
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 10;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> overrides = new LinkedHashMap<>();
		Map<String, Object> defaults = new LinkedHashMap<>();

		String baseUrl = baseUrl(environment);
		overrides.put("logto.base-url", baseUrl);
		defaults.put("example.cookie-secure", baseUrl.toLowerCase(Locale.ROOT).startsWith("https:"));
		defaults.put("example.default-scopes", String.join(",", DEFAULT_SCOPES));
		boolean embedded = isBlank(environment.getProperty("logto.endpoint"));
		overrides.put("logto.scopes", list(environment, "LOGTO_SCOPES", embedded ? EMBEDDED_SCOPES : DEFAULT_SCOPES));
		overrides.put("logto.session.store", sessionStore(environment));

		if (isBlank(environment.getProperty("logto.cookie.secret"))
				&& isBlank(environment.getProperty("logto.cookie.secrets"))
				&& isBlank(environment.getProperty("logto.cookie.secrets[0]"))) {
			overrides.put("logto.cookie.secret", randomSecret());
			defaults.put("example.cookie-secret-generated", "true");
			this.log.warn("Generated a cookie secret for this run: sessions end at restart "
					+ "(set LOGTO_COOKIE_SECRET to keep them)");
		}

		overrides.put("logto.resources", list(environment, "LOGTO_RESOURCES", embedded ? DemoTenant.RESOURCES : List.of()));
		if (embedded) {
			LogtoTestServer server = DemoTenant.server(baseUrl).start();
			application.addInitializers(context -> {
				DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
				beans.registerSingleton(EMBEDDED_SERVER_BEAN, server);
				beans.registerDisposableBean(EMBEDDED_SERVER_BEAN, server::stop);
			});
			overrides.put("logto.endpoint", server.baseUrl());
			overrides.put("logto.app-id", DemoTenant.WEB_APP_ID);
			overrides.put("logto.app-secret", DemoTenant.WEB_APP_SECRET);
			overrides.put("example.m2m.app-id", DemoTenant.M2M_APP.id());
			overrides.put("example.m2m.app-secret", DemoTenant.M2M_APP.secret());
			defaults.put("example.default-resources", String.join(",", DemoTenant.RESOURCES));
			defaults.put("example.mode", "embedded");
			this.log.info("LOGTO_ENDPOINT is not set: started the embedded Logto-compatible server at "
					+ server.baseUrl() + " (issuer " + server.issuer() + ")");
		}
		else {
			defaults.put("example.mode", "external");
		}

		environment.getPropertySources().addFirst(new MapPropertySource(OVERRIDES, overrides));
		environment.getPropertySources().addLast(new MapPropertySource(DEFAULTS, defaults));
	}

	/**
	 * @param environment the environment
	 * @return {@code LOGTO_BASE_URL} without trailing slashes, or {@code http://localhost:<server.port>}
	 */
	static String baseUrl(ConfigurableEnvironment environment) {
		String configured = environment.getProperty("LOGTO_BASE_URL");
		if (isBlank(configured)) {
			String port = environment.getProperty("server.port");
			return "http://localhost:" + (isBlank(port) ? "8080" : port.trim());
		}
		String base = configured.trim();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		return base;
	}

	/**
	 * @param value a comma or space separated list
	 * @return its items, trimmed, without empty ones
	 */
	static List<String> splitList(String value) {
		return Arrays.stream(value.split("[,\\s]+")).map(String::trim).filter(item -> !item.isEmpty()).toList();
	}

	/**
	 * @param environment the environment
	 * @param variable a comma list variable
	 * @param defaults its value when unset or blank
	 * @return the list as a clean comma-separated value (Boot's binder splits it on commas)
	 */
	private static String list(ConfigurableEnvironment environment, String variable, List<String> defaults) {
		String value = environment.getProperty(variable);
		return String.join(",", isBlank(value) ? defaults : splitList(value));
	}

	private static String sessionStore(ConfigurableEnvironment environment) {
		String value = environment.getProperty("LOGTO_SESSION_STORE");
		if (isBlank(value)) {
			value = environment.getProperty("logto.session.store");
		}
		String store = isBlank(value) ? "cookie" : value.trim().toLowerCase(Locale.ROOT);
		if (!List.of("cookie", "redis", "memory").contains(store)) {
			throw new IllegalStateException(
					"LOGTO_SESSION_STORE must be 'cookie' or 'redis' (or 'memory'), got '" + value.trim() + "'");
		}
		return store;
	}

	private static String randomSecret() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}
}
