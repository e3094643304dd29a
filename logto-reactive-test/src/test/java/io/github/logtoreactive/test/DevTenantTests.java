package io.github.logtoreactive.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The tenant derived from an application's {@code logto.*} settings: its web app, its API resources with their
 * scopes, the demo users, and the properties that point the application at the server.
 */
class DevTenantTests {

	@Test
	void applicationWithoutLogtoSettingsGetsAGeneratedAppOnLocalhost8080AndTheDemoUsers() {
		DevTenant tenant = DevTenant.of(new MockEnvironment());

		TestWebApp app = tenant.app();
		assertThat(app.id()).isEqualTo(DevTenant.DEFAULT_APP_ID);
		assertThat(app.secret()).hasSizeGreaterThanOrEqualTo(43);
		assertThat(app.redirectUris()).containsExactly("http://localhost:8080/logto/callback");
		assertThat(app.postLogoutRedirectUris()).containsExactly("http://localhost:8080/");
		assertThat(tenant.tenant().webApps()).containsOnlyKeys(DevTenant.DEFAULT_APP_ID);
		assertThat(tenant.tenant().users()).containsKeys("user-1", "user-2");
		assertThat(tenant.tenant().apiResources()).containsOnlyKeys(TestTenant.demo().apiResources().keySet());
		assertThat(tenant.tenant().organizations()).containsOnlyKeys("org-1", "org-2");
		assertThat(tenant.baseUrl()).isEqualTo("http://localhost:8080");
	}

	@Test
	void propertiesPointAtTheServerAndAddACookieSecretAndInsecureCookiesForHttp() {
		DevTenant tenant = DevTenant.of(new MockEnvironment());
		try (LogtoTestServer server = LogtoTestServer.builder().tenant(tenant.tenant()).build().start()) {
			Map<String, Object> properties = tenant.properties(server);
			assertThat(properties).containsEntry("logto.endpoint", server.baseUrl())
				.containsEntry("logto.app-id", DevTenant.DEFAULT_APP_ID)
				.containsEntry("logto.app-secret", tenant.app().secret())
				.containsEntry("logto.base-url", "http://localhost:8080")
				.containsEntry("logto.cookie.secure", "false")
				.containsKey("logto.cookie.secret");
			assertThat((String) properties.get("logto.cookie.secret")).hasSizeGreaterThanOrEqualTo(43);
		}
	}

	@Test
	void applicationsAppIdSecretBaseUrlAndCookieSettingsAreKept() {
		MockEnvironment environment = new MockEnvironment().withProperty("logto.app-id", "shop")
			.withProperty("logto.app-secret", "shop-secret")
			.withProperty("logto.base-url", "https://shop.example.com/")
			.withProperty("logto.cookie.secret", "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA");
		DevTenant tenant = DevTenant.of(environment);

		assertThat(tenant.app().id()).isEqualTo("shop");
		assertThat(tenant.app().secret()).isEqualTo("shop-secret");
		assertThat(tenant.app().redirectUris()).containsExactly("https://shop.example.com/logto/callback");
		assertThat(tenant.app().postLogoutRedirectUris()).containsExactly("https://shop.example.com/");
		try (LogtoTestServer server = LogtoTestServer.builder().tenant(tenant.tenant()).build().start()) {
			assertThat(tenant.properties(server)).containsEntry("logto.base-url", "https://shop.example.com")
				.doesNotContainKeys("logto.cookie.secret", "logto.cookie.secure");
		}
	}

	@Test
	void unresolvedPlaceholdersAndBlankValuesCountAsUnset() {
		MockEnvironment environment = new MockEnvironment().withProperty("logto.app-id", "${LOGTO_APP_ID}")
			.withProperty("logto.app-secret", "")
			.withProperty("logto.base-url", "${LOGTO_BASE_URL}")
			.withProperty("logto.cookie.secret", "${LOGTO_COOKIE_SECRET}");
		DevTenant tenant = DevTenant.of(environment);

		assertThat(tenant.app().id()).isEqualTo(DevTenant.DEFAULT_APP_ID);
		assertThat(tenant.app().secret()).doesNotContain("${").hasSizeGreaterThanOrEqualTo(43);
		assertThat(tenant.baseUrl()).isEqualTo("http://localhost:8080");
		try (LogtoTestServer server = LogtoTestServer.builder().tenant(tenant.tenant()).build().start()) {
			assertThat((String) tenant.properties(server).get("logto.cookie.secret")).doesNotContain("${");
		}
	}

	@Test
	void redirectUriFollowsTheServerPortTheBasePathAndTheCallbackRoute() {
		DevTenant tenant = DevTenant.of(new MockEnvironment().withProperty("server.port", "9090")
			.withProperty("spring.webflux.base-path", "/shop/")
			.withProperty("logto.routes.callback", "/auth/callback")
			.withProperty("logto.routes.post-sign-out-redirect", "/goodbye"));

		assertThat(tenant.app().redirectUris()).containsExactly("http://localhost:9090/shop/auth/callback");
		assertThat(tenant.app().postLogoutRedirectUris()).containsExactly("http://localhost:9090/goodbye");
	}

	@Test
	void randomServerPortFallsBackTo8080() {
		assertThat(DevTenant.of(new MockEnvironment().withProperty("server.port", "0")).baseUrl())
			.isEqualTo("http://localhost:8080");
	}

	@Test
	void applicationsOwnApiResourcesGetItsApiScopesAndAliceHoldsThem() {
		String shopping = "https://shopping.your-app.com/api";
		DevTenant tenant = DevTenant.of(new MockEnvironment()
			.withProperty("logto.resources", shopping + ", https://api.example.com")
			.withProperty("logto.scopes",
					"email, roles, urn:logto:scope:organizations, shopping:read, shopping:write, email"));

		TestTenant served = tenant.tenant();
		assertThat(served.apiResources().get(shopping).scopes()).containsExactly("shopping:read", "shopping:write");
		assertThat(served.apiResources().get("https://api.example.com").scopes())
			.isEqualTo(TestTenant.demo().apiResources().get("https://api.example.com").scopes());
		assertThat(served.roles().get("admin").scopes()).containsEntry(shopping,
				java.util.Set.of("shopping:read", "shopping:write"));
		assertThat(served.users().get("user-1").roles()).contains("admin");
		assertThat(served.roles().get("viewer").scopes()).doesNotContainKey(shopping);
	}
}
