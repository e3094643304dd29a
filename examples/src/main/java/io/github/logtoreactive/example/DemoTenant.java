package io.github.logtoreactive.example;

import java.util.Collection;
import java.util.List;

import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.TestM2mApp;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.TestUser;
import io.github.logtoreactive.test.TestWebApp;

/**
 * The demo tenant of the embedded Logto-compatible server: the test kit's {@link TestTenant#demo()} (two users with
 * passwords, two API resources, roles, two organizations and a machine-to-machine app) with the example's web app.
 * Nobody is signed in automatically: the sign-in page lists the users.
 */
final class DemoTenant {

	static final String WEB_APP_ID = "example-web-app";

	static final String WEB_APP_SECRET = "example-web-app-secret";

	private static final TestTenant DEMO = TestTenant.demo();

	/** The demo API resources' indicators. */
	static final List<String> RESOURCES = List.copyOf(DEMO.apiResources().keySet());

	/** The permissions the demo API resources define. */
	static final List<String> RESOURCE_SCOPES = DEMO.apiResources()
		.values()
		.stream()
		.flatMap((resource) -> resource.scopes().stream())
		.toList();

	/** The demo's machine-to-machine app. */
	static final TestM2mApp M2M_APP = DEMO.m2mApps().values().iterator().next();

	/** The demo users with their passwords, for the banner and the home page. */
	static final Collection<TestUser> USERS = DEMO.users().values();

	private DemoTenant() {
	}

	/**
	 * @param baseUrl the example's public base URL, without a trailing slash
	 * @return the server, not started
	 */
	static LogtoTestServer server(String baseUrl) {
		TestWebApp app = TestWebApp.builder(WEB_APP_ID, WEB_APP_SECRET)
			.redirectUris(baseUrl + "/logto/callback")
			.postLogoutRedirectUris(baseUrl + "/")
			.build();
		return LogtoTestServer.builder().tenant(DEMO.toBuilder().webApp(app).build()).build();
	}
}
