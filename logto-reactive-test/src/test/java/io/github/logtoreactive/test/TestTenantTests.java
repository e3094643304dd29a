package io.github.logtoreactive.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;

import org.junit.jupiter.api.Test;

class TestTenantTests {

	@Test
	void buildWhenRoleIsMissingThenFailsSayingWhatToAdd() {
		assertThatIllegalStateException()
			.isThrownBy(() -> TestTenant.builder().user(TestUser.builder("u").roles("ghost").build()).build())
			.withMessageContaining("add .role(TestRole.builder(\"ghost\")");
	}

	@Test
	void buildWhenAnOrganizationNamesAnUnknownM2mAppThenFailsSayingWhatToAdd() {
		assertThatIllegalStateException()
			.isThrownBy(() -> TestTenant.builder()
				.organization(TestOrganization.builder("org-1").application("ghost-app").build())
				.build())
			.withMessageContaining("add .m2mApp(TestM2mApp.builder(\"ghost-app\"");
	}

	@Test
	void addWhenTheIdIsTakenThenFailsNamingIt() {
		TestTenant.Builder builder = TestTenant.sample().toBuilder();

		assertThatIllegalStateException().isThrownBy(() -> builder.user(TestUser.builder("user-1").build()))
			.withMessage("duplicate user 'user-1'");
	}

	@Test
	void toBuilderWhenExtendedThenKeepsEverythingAndAddsAfterIt() {
		TestTenant sample = TestTenant.sample();

		TestTenant extended = sample.toBuilder().user(TestUser.builder("user-3").build()).build();

		assertThat(extended.users()).containsOnlyKeys("user-1", "user-2", "user-3");
		assertThat(List.copyOf(extended.users().keySet())).containsExactly("user-1", "user-2", "user-3");
		assertThat(extended.webApps()).isEqualTo(sample.webApps());
		assertThat(extended.m2mApps()).isEqualTo(sample.m2mApps());
		assertThat(extended.apiResources()).isEqualTo(sample.apiResources());
		assertThat(extended.roles()).isEqualTo(sample.roles());
		assertThat(extended.organizationRoles()).isEqualTo(sample.organizationRoles());
		assertThat(extended.organizations()).isEqualTo(sample.organizations());
		assertThat(sample.users()).as("the original is unchanged").containsOnlyKeys("user-1", "user-2");
	}

	@Test
	void demoWhenBuiltThenTheExampleTenantTheReadmeDescribes() {
		TestTenant demo = TestTenant.demo();

		assertThat(demo.webApps()).as("the application adds its own").isEmpty();
		TestUser alice = demo.users().get("user-1");
		TestUser bob = demo.users().get("user-2");
		assertThat(List.of(alice.username(), alice.password(), bob.username(), bob.password()))
			.containsExactly("alice", "alice-password", "bob", "bob-password");
		assertThat(alice.roles()).containsExactly("admin");
		assertThat(bob.roles()).containsExactly("viewer", "accountant");
		assertThat(demo.apiResources()).containsOnlyKeys("https://api.example.com", "https://billing.example.com");
		assertThat(demo.apiResources().get("https://api.example.com").scopes()).containsExactly("read", "write");
		assertThat(demo.apiResources().get("https://billing.example.com").scopes())
			.containsExactly("invoices:read", "invoices:write");
		TestOrganization acme = demo.organizations().get("org-1");
		TestOrganization globex = demo.organizations().get("org-2");
		assertThat(List.of(acme.name(), globex.name())).containsExactly("Acme", "Globex");
		assertThat(acme.members()).containsExactly(entry("user-1", List.of("org-admin", "admin")),
				entry("user-2", List.of("org-member")));
		assertThat(globex.members()).containsExactly(entry("user-1", List.of("org-member")));
		assertThat(demo.m2mApps()).containsOnlyKeys("example-m2m-app");
		assertThat(demo.m2mApps().get("example-m2m-app").roles()).containsExactly("admin");
	}
}
