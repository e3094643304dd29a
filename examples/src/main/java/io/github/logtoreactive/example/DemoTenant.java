package io.github.logtoreactive.example;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.TestApiResource;
import io.github.logtoreactive.test.TestOrganization;
import io.github.logtoreactive.test.TestOrganizationRole;
import io.github.logtoreactive.test.TestRole;
import io.github.logtoreactive.test.TestUser;

/**
 * The demo tenant of the embedded Logto-compatible server: the example's web app, two users with passwords, two API
 * resources, roles, two organizations and a machine-to-machine app. Nobody is signed in automatically: the sign-in
 * page lists the users.
 */
final class DemoTenant {

	static final String WEB_APP_ID = "example-web-app";

	static final String WEB_APP_SECRET = "example-web-app-secret";

	static final String M2M_APP_ID = "example-m2m-app";

	static final String M2M_APP_SECRET = "example-m2m-app-secret";

	static final String API = "https://api.example.com";

	static final String BILLING = "https://billing.example.com";

	static final List<String> RESOURCES = List.of(API, BILLING);

	/** The permissions the demo API resources define. */
	static final List<String> RESOURCE_SCOPES = List.of("read", "write", "invoices:read", "invoices:write");

	/** The demo users: username, password and display name, for the banner and the home page. */
	static final List<DemoUser> USERS = List.of(
			new DemoUser("user-1", "alice", "alice-password", "Alice Example", "alice@example.com"),
			new DemoUser("user-2", "bob", "bob-password", "Bob Example", "bob@example.com"));

	private DemoTenant() {
	}

	/**
	 * @param baseUrl the example's public base URL, without a trailing slash
	 * @return the server, not started
	 */
	static LogtoTestServer server(String baseUrl) {
		DemoUser alice = USERS.get(0);
		DemoUser bob = USERS.get(1);
		return LogtoTestServer.builder()
			.webApp(WEB_APP_ID, WEB_APP_SECRET, baseUrl + "/logto/callback")
			.postLogoutRedirectUris(baseUrl + "/")
			.apiResource(TestApiResource.builder(API).name("Example API").scopes("read", "write").build())
			.apiResource(TestApiResource.builder(BILLING).name("Billing API").scopes("invoices:read", "invoices:write")
				.build())
			.role(TestRole.builder("admin").description("Reads and writes everything").scope(API, "read", "write")
				.scope(BILLING, "invoices:read", "invoices:write").build())
			.role(TestRole.builder("viewer").description("Reads the example API").scope(API, "read").build())
			.role(TestRole.builder("accountant").description("Reads invoices").scope(BILLING, "invoices:read").build())
			.organizationRole(TestOrganizationRole.builder("org-admin")
				.organizationScopes("read:members", "invite:members")
				.resourceScope(API, "read", "write")
				.build())
			.organizationRole(TestOrganizationRole.builder("admin")
				.organizationScopes("read:members", "invite:members")
				.build())
			.organizationRole(TestOrganizationRole.builder("org-member")
				.organizationScopes("read:members")
				.resourceScope(API, "read")
				.build())
			.user(TestUser.builder(alice.id()).username(alice.username()).name(alice.name()).email(alice.email())
				.password(alice.password()).phone("+15555550101").roles("admin")
				.customData(Map.of("plan", "pro", "theme", "dark"))
				.createdAt(Instant.parse("2025-01-01T00:00:00Z")).build())
			.user(TestUser.builder(bob.id()).username(bob.username()).name(bob.name()).email(bob.email())
				.password(bob.password()).roles("viewer", "accountant")
				.customData(Map.of("plan", "free"))
				.createdAt(Instant.parse("2025-02-01T00:00:00Z")).build())
			.organization(TestOrganization.builder("org-1").name("Acme").description("Acme Corporation")
				.member(alice.id(), "org-admin", "admin").member(bob.id(), "org-member").application(M2M_APP_ID, "org-admin")
				.build())
			.organization(TestOrganization.builder("org-2").name("Globex").description("Globex Inc.")
				.member(alice.id(), "org-member").build())
			.m2mApp(M2M_APP_ID, M2M_APP_SECRET, "admin")
			.build();
	}

	/**
	 * A demo user.
	 *
	 * @param id the user id ({@code sub})
	 * @param username the username
	 * @param password the password for the sign-in page's form
	 * @param name the display name
	 * @param email the email address
	 */
	record DemoUser(String id, String username, String password, String name, String email) {
	}
}
