package io.github.logtoreactive.example;

import java.util.List;

import io.github.logtoreactive.LogtoConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * What the example runs with, resolved once at startup: embedded or external Logto, the configured API resources,
 * the machine-to-machine app, and whether the cookie secret was generated for this run.
 *
 * @param embedded whether the embedded Logto-compatible server runs
 * @param endpoint the Logto endpoint
 * @param baseUrl the example's public base URL
 * @param resources the configured API resources, in order
 * @param organizationsScope whether the organization scope is configured (organization tokens need it)
 * @param m2mAppId the machine-to-machine app id, or {@code null}
 * @param m2mAppSecret its secret, or {@code null}
 * @param cookieSecretGenerated whether the cookie secret was generated for this run
 */
record ExampleSettings(boolean embedded, String endpoint, String baseUrl, List<String> resources,
		boolean organizationsScope, @Nullable String m2mAppId, @Nullable String m2mAppSecret,
		boolean cookieSecretGenerated) {

	static ExampleSettings of(Environment environment, LogtoConfig config) {
		String base = environment.getProperty("logto.base-url", "");
		String m2mId = environment.getProperty("example.m2m.app-id");
		String m2mSecret = environment.getProperty("example.m2m.app-secret");
		boolean m2m = !ExampleEnvironment.isBlank(m2mId) && !ExampleEnvironment.isBlank(m2mSecret);
		return new ExampleSettings("embedded".equals(environment.getProperty("example.mode")),
				config.endpoint().toString(), base, List.copyOf(config.configuredResources()),
				config.scopes().contains(io.github.logtoreactive.UserScope.ORGANIZATIONS), m2m ? m2mId.trim() : null,
				m2m ? m2mSecret.trim() : null,
				Boolean.parseBoolean(environment.getProperty("example.cookie-secret-generated")));
	}

	/**
	 * @return the first configured resource, or {@code null}
	 */
	@Nullable String firstResource() {
		return this.resources.isEmpty() ? null : this.resources.get(0);
	}
}
