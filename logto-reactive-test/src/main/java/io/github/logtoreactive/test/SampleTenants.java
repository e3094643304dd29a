package io.github.logtoreactive.test;

import java.time.Instant;
import java.util.Map;

/** The tenants the test kit ships: {@link TestTenant#sample()} and {@link TestTenant#demo()}. */
final class SampleTenants {

	private static final String API = "https://api.example.com";

	private static final String BILLING = "https://billing.example.com";

	private SampleTenants() {
	}

	static TestTenant sample() {
		return exampleApi()
			.webApp(TestWebApp.builder("test-app", "test-secret")
				.redirectUris("http://localhost:8080/logto/callback")
				.postLogoutRedirectUris("http://localhost:8080/")
				.build())
			.role(TestRole.builder("admin").description("Reads and writes").scope(API, "read", "write").build())
			.role(TestRole.builder("viewer").description("Reads").scope(API, "read").build())
			.user(TestUser.builder("user-1").username("alice").name("Alice Example").email("alice@example.com")
				.password("alice-password").roles("admin").build())
			.user(TestUser.builder("user-2").username("bob").name("Bob Example").email("bob@example.com")
				.password("bob-password").roles("viewer").build())
			.organization(TestOrganization.builder("org-1").name("Acme").description("Acme Corporation")
				.member("user-1", "org-admin").member("user-2", "org-member").application("m2m-app", "org-admin")
				.build())
			.organization(TestOrganization.builder("org-2").name("Globex").member("user-1", "org-member").build())
			.m2mApp(TestM2mApp.builder("m2m-app", "m2m-secret").roles("admin").build())
			.build();
	}

	static TestTenant demo() {
		String m2mApp = "example-m2m-app";
		return exampleApi()
			.apiResource(TestApiResource.builder(BILLING).name("Billing API").scopes("invoices:read", "invoices:write")
				.build())
			.role(TestRole.builder("admin").description("Reads and writes everything").scope(API, "read", "write")
				.scope(BILLING, "invoices:read", "invoices:write").build())
			.role(TestRole.builder("viewer").description("Reads the example API").scope(API, "read").build())
			.role(TestRole.builder("accountant").description("Reads invoices").scope(BILLING, "invoices:read").build())
			.organizationRole(TestOrganizationRole.builder("admin")
				.organizationScopes("read:members", "invite:members")
				.build())
			.user(TestUser.builder("user-1").username("alice").name("Alice Example").email("alice@example.com")
				.password("alice-password").phone("+15555550101").roles("admin")
				.customData(Map.of("plan", "pro", "theme", "dark"))
				.createdAt(Instant.parse("2025-01-01T00:00:00Z")).build())
			.user(TestUser.builder("user-2").username("bob").name("Bob Example").email("bob@example.com")
				.password("bob-password").roles("viewer", "accountant")
				.customData(Map.of("plan", "free"))
				.createdAt(Instant.parse("2025-02-01T00:00:00Z")).build())
			.organization(TestOrganization.builder("org-1").name("Acme").description("Acme Corporation")
				.member("user-1", "org-admin", "admin").member("user-2", "org-member").application(m2mApp, "org-admin")
				.build())
			.organization(TestOrganization.builder("org-2").name("Globex").description("Globex Inc.")
				.member("user-1", "org-member").build())
			.m2mApp(TestM2mApp.builder(m2mApp, "example-m2m-app-secret").roles("admin").build())
			.build();
	}

	/**
	 * @return a tenant builder with what both tenants share: the example API ({@code read}, {@code write}) and
	 * the organization roles {@code org-admin} and {@code org-member}
	 */
	private static TestTenant.Builder exampleApi() {
		return TestTenant.builder()
			.apiResource(TestApiResource.builder(API).name("Example API").scopes("read", "write").build())
			.organizationRole(TestOrganizationRole.builder("org-admin")
				.organizationScopes("read:members", "invite:members")
				.resourceScope(API, "read", "write")
				.build())
			.organizationRole(TestOrganizationRole.builder("org-member")
				.organizationScopes("read:members")
				.resourceScope(API, "read")
				.build());
	}
}
