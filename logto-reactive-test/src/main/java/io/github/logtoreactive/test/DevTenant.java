package io.github.logtoreactive.test;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The tenant the embedded server serves for a Spring Boot application, derived from the application's own
 * {@code logto.*} settings, and the {@code logto.*} properties that point the application at the server:
 * <ul>
 * <li>a web app with the application's {@code logto.app-id} and {@code logto.app-secret} (when unset or an
 * unresolved placeholder: {@value #DEFAULT_APP_ID} and a random secret), redirect URI
 * {@code <base>[spring.webflux.base-path]<logto.routes.callback>} and post sign-out URI
 * {@code logto.routes.post-sign-out-redirect} or {@code <base>/}, where {@code <base>} is {@code logto.base-url}, else
 * {@code http://localhost:<server.port>} (8080 for a random or unset port: a client bound to the application, such
 * as {@link WebTestClientSignIn}, never follows the absolute redirect);</li>
 * <li>{@link TestTenant#demo()}: users alice ({@code user-1}) and bob ({@code user-2}), their roles, organizations
 * and API resources;</li>
 * <li>every API resource of {@code logto.resources} the demo does not have, with every API scope of
 * {@code logto.scopes} (those that are not OpenID Connect or Logto user scopes), all granted to the demo role
 * {@code admin} (alice); bob's tokens for them carry no scope.</li>
 * </ul>
 * Reading the environment never blocks; the random secrets come from {@link SecureRandom} at startup.
 */
final class DevTenant {

	/** The web app's id when the application sets no {@code logto.app-id}. */
	static final String DEFAULT_APP_ID = "dev-app";

	private static final String DEFAULT_CALLBACK = "/logto/callback";

	/** The demo role that gets every scope of the application's own API resources. */
	private static final String ADMIN_ROLE = "admin";

	/** OpenID Connect and Logto user scopes; any other requested scope is an API resource's. */
	private static final Set<String> USER_SCOPES = Set.of("openid", "offline_access", "profile", "email", "phone",
			"address", "custom_data", "identities", "roles");

	private final TestTenant tenant;

	private final TestWebApp app;

	private final String baseUrl;

	private final Map<String, Object> properties;

	private DevTenant(TestTenant tenant, TestWebApp app, String baseUrl, Map<String, Object> properties) {
		this.tenant = tenant;
		this.app = app;
		this.baseUrl = baseUrl;
		this.properties = properties;
	}

	/**
	 * @param environment the application's environment, its configuration files read
	 * @return the tenant for it
	 * @throws IllegalArgumentException if a setting is not a valid URI or indicator (the message names it)
	 */
	static DevTenant of(Environment environment) {
		Binder binder = Binder.get(environment);
		String baseUrl = baseUrl(binder);
		String appId = setting(binder, "logto.app-id");
		String appSecret = setting(binder, "logto.app-secret");
		String basePath = setting(binder, "spring.webflux.base-path");
		String callback = setting(binder, "logto.routes.callback");
		String postSignOut = setting(binder, "logto.routes.post-sign-out-redirect");
		TestWebApp app = TestWebApp.builder(appId != null ? appId : DEFAULT_APP_ID,
				appSecret != null ? appSecret : randomSecret())
			.redirectUris(baseUrl + (basePath != null ? trimTrailingSlashes(basePath) : "")
					+ (callback != null ? callback : DEFAULT_CALLBACK))
			.postLogoutRedirectUris(postSignOut == null ? baseUrl + "/"
					: URI.create(postSignOut).isAbsolute() ? postSignOut : baseUrl + postSignOut)
			.build();

		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("logto.app-id", app.id());
		properties.put("logto.app-secret", app.secret());
		properties.put("logto.base-url", baseUrl);
		if (setting(binder, "logto.cookie.secret") == null && list(binder, "logto.cookie.secrets").isEmpty()) {
			properties.put("logto.cookie.secret", randomSecret());
		}
		if (baseUrl.startsWith("http:") && setting(binder, "logto.cookie.secure") == null) {
			properties.put("logto.cookie.secure", "false");
		}
		TestTenant tenant = withApplicationsResources(TestTenant.demo(), list(binder, "logto.resources"),
				list(binder, "logto.scopes"))
			.webApp(app)
			.build();
		return new DevTenant(tenant, app, baseUrl, properties);
	}

	private static TestTenant.Builder withApplicationsResources(TestTenant demo, List<String> resources,
			List<String> scopes) {
		List<String> apiScopes = scopes.stream()
			.filter(scope -> !USER_SCOPES.contains(scope) && !scope.startsWith("urn:logto:"))
			.distinct()
			.toList();
		List<TestApiResource> added = new ArrayList<>();
		for (String indicator : new LinkedHashSet<>(resources)) {
			if (!demo.apiResources().containsKey(indicator) && !indicator.startsWith("urn:logto:")) {
				added.add(TestApiResource.builder(indicator).scopes(apiScopes.toArray(String[]::new)).build());
			}
		}
		TestTenant.Builder builder = TestTenant.builder();
		demo.apiResources().values().forEach(builder::apiResource);
		added.forEach(builder::apiResource);
		for (TestRole role : demo.roles().values()) {
			builder.role(role.name().equals(ADMIN_ROLE) && !added.isEmpty() ? withScopes(role, added, apiScopes) : role);
		}
		demo.organizationRoles().values().forEach(builder::organizationRole);
		demo.users().values().forEach(builder::user);
		demo.organizations().values().forEach(builder::organization);
		demo.m2mApps().values().forEach(builder::m2mApp);
		return builder;
	}

	private static TestRole withScopes(TestRole role, List<TestApiResource> resources, List<String> scopes) {
		TestRole.Builder builder = TestRole.builder(role.name()).description(role.description());
		role.scopes().forEach((indicator, names) -> builder.scope(indicator, names.toArray(String[]::new)));
		resources.forEach(resource -> builder.scope(resource.indicator(), scopes.toArray(String[]::new)));
		return builder.build();
	}

	private static String baseUrl(Binder binder) {
		String configured = setting(binder, "logto.base-url");
		if (configured != null) {
			return trimTrailingSlashes(configured);
		}
		String port = setting(binder, "server.port");
		boolean fixedPort = port != null && port.matches("[1-9][0-9]{0,4}");
		return "http://localhost:" + (fixedPort ? port : "8080");
	}

	/** @return the setting, or {@code null} when unset, blank or an unresolved placeholder */
	private static String setting(Binder binder, String name) {
		String value = binder.bind(name, String.class).orElse(null);
		return (value == null || value.isBlank() || value.contains("${")) ? null : value.trim();
	}

	private static List<String> list(Binder binder, String name) {
		return binder.bind(name, Bindable.listOf(String.class))
			.orElse(List.of())
			.stream()
			.map(String::trim)
			.filter(value -> !value.isEmpty() && !value.contains("${"))
			.toList();
	}

	private static String trimTrailingSlashes(String value) {
		String trimmed = value;
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}

	private static String randomSecret() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** @return the tenant: the demo tenant, the application's API resources and its web app */
	TestTenant tenant() {
		return this.tenant;
	}

	/** @return the application's web app in the tenant */
	TestWebApp app() {
		return this.app;
	}

	/** @return the application's base URL the web app's URIs are built on */
	String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * @param server the started server serving {@link #tenant()}
	 * @return the {@code logto.*} properties pointing the application at it (endpoint, app id and secret, base URL;
	 * a cookie secret and {@code cookie.secure=false} for an http base URL, when the application sets none)
	 */
	Map<String, Object> properties(LogtoTestServer server) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("logto.endpoint", server.baseUrl());
		properties.putAll(this.properties);
		return properties;
	}
}
