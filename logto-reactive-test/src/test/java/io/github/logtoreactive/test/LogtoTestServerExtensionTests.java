package io.github.logtoreactive.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.logtoreactive.support.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(30)
class LogtoTestServerExtensionTests {

	@Nested
	@WithLogtoTestServer(config = "logto-test-server.json")
	class Annotated {

		private static String startedAt;

		@BeforeAll
		static void remember(LogtoTestServer server) {
			startedAt = server.baseUrl();
		}

		@Test
		void parameterWhenAnnotatedThenServerFromConfigFileIsRunning(LogtoTestServer server) {
			assertThat(server.isRunning()).isTrue();
			assertThat(server.baseUrl()).isEqualTo(startedAt).startsWith("http://127.0.0.1:");
			assertThat(server.tenant().users()).containsKeys("json-user");
			assertThat(TestHttp.getNow(server.discoveryUrl()).status()).isEqualTo(200);
		}

		@Test
		void autoLoginWhenConfiguredInFileThenUsed(LogtoTestServer server) {
			String url = server.issuer() + "/auth?" + TestHttp.form("client_id", "json-app", "redirect_uri",
					"http://localhost:3000/callback", "response_type", "code", "scope", "openid");
			assertThat(TestHttp.getNow(url).location()).startsWith("http://localhost:3000/callback?code=");
		}
	}

	@Nested
	class Registered {

		@RegisterExtension
		LogtoTestServerExtension perTest = LogtoTestServerExtension.of(LogtoTestServer.builder()
			.tenant(TestTenant.builder()
				.webApp(TestWebApp.builder("a", "b").redirectUris("http://localhost/cb").build())
				.build()));

		@Test
		void serverWhenRegisteredOnInstanceFieldThenRunsForTheTest() {
			assertThat(this.perTest.server().isRunning()).isTrue();
			assertThat(this.perTest.server().tenant().webApps()).containsOnlyKeys("a");
		}
	}

	@Test
	void fromYamlWhenFileHasSameShapeThenSameConfiguration() throws Exception {
		java.nio.file.Path yaml = java.nio.file.Path.of(
				getClass().getClassLoader().getResource("logto-test-server.yaml").toURI());
		try (LogtoTestServer server = LogtoTestServer.fromYaml(yaml).start()) {
			assertThat(server.tenant().users()).containsOnlyKeys("yaml-user");
			assertThat(server.tenant().users().get("yaml-user").createdAt().toEpochMilli()).isEqualTo(1700000000000L);
		}
	}

	@Test
	void fromJsonWhenUnknownKeyThenFailsWithPath() throws Exception {
		java.nio.file.Path file = java.nio.file.Files.createTempFile("bad", ".json");
		java.nio.file.Files.writeString(file, "{\"users\":[{\"id\":\"u\",\"nmae\":\"x\"}]}");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> LogtoTestServer.fromJson(file))
			.withMessageContaining("unknown key 'nmae' in " + file.getFileName() + ".users[0]");
	}
}
