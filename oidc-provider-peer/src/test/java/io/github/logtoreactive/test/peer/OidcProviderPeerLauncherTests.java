package io.github.logtoreactive.test.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.github.logtoreactive.support.TestHttp;
import io.github.logtoreactive.test.TestOrganization;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

// a guard against hangs, not a measurement: above the peer's 120 s start deadline, which a loaded machine needs
@Timeout(180)
class OidcProviderPeerLauncherTests {

	@Test
	void startWhenTheNodeProjectIsNotInstalledThenTellsToRunNpmCi(@TempDir Path directory) throws IOException {
		Files.writeString(directory.resolve("logto-like-provider.mjs"), "process.exit(1)\n");
		OidcProviderPeer peer = OidcProviderPeer.builder()
			.tenant(TestTenant.sample())
			.projectDirectory(directory)
			.build();

		assertThatIllegalStateException().isThrownBy(peer::start)
			.withMessageContaining("npm ci")
			.withMessageContaining(directory.toString());
		assertThat(peer.isRunning()).isFalse();
	}

	@Test
	void startWhenTheDirectoryHasNoScriptThenNamesIt(@TempDir Path directory) {
		OidcProviderPeer peer = OidcProviderPeer.builder()
			.tenant(TestTenant.sample())
			.projectDirectory(directory)
			.build();

		assertThatIllegalStateException().isThrownBy(peer::start).withMessageContaining("logto-like-provider.mjs");
	}

	@Test
	void buildWhenAReferenceDanglesThenFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> OidcProviderPeer.builder().tenant(TestTenant.sample()).autoLogin("nobody").build())
			.withMessageContaining("nobody");
		assertThatIllegalStateException()
			.isThrownBy(() -> OidcProviderPeer.builder()
				.tenant(TestTenant.sample().toBuilder()
					.organization(TestOrganization.builder("org-3").member("user-1", "no-such-role").build())
					.build())
				.build())
			.withMessageContaining("no-such-role");
		assertThatIllegalStateException().isThrownBy(() -> OidcProviderPeer.builder()
			.tenant(TestTenant.builder().user(TestUser.builder("u").build()).build())
			.build()).withMessageContaining("web app");
	}

	@Test
	void startWhenRunFromTheWorkingDirectoryThenFindsTheProjectAndStopEndsTheProcess() {
		OidcProviderPeer peer = OidcProviderPeer.builder().tenant(TestTenant.sample()).build();
		assertThatIllegalStateException().isThrownBy(peer::issuer).withMessageContaining("start()");

		try (peer) {
			peer.start();
			assertThat(peer.isRunning()).isTrue();
			assertThat(peer.issuer()).matches("http://127\\.0\\.0\\.1:\\d+/oidc");
			assertThat(TestHttp.agent().get(peer.discoveryUrl()).json()).containsEntry("issuer", peer.issuer());
			assertThatIllegalStateException().isThrownBy(peer::start).withMessageContaining("already running");
		}

		assertThat(peer.isRunning()).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> peer.advanceClock(Duration.ofSeconds(1)));
	}

	@Test
	void authorizeWhenNoAutoLoginUserIsConfiguredThenTheSignInPageIsShown() {
		try (OidcProviderPeer peer = OidcProviderPeer.builder().tenant(TestTenant.sample()).build().start()) {
			PeerFlows flows = new PeerFlows(peer);
			TestHttp.Reply interaction = flows.browser.get(flows.authorizationUrl("openid"));

			TestHttp.Reply page = flows.browser.get(peer.baseUrl() + interaction.location(), Map.of());

			assertThat(page.status()).isEqualTo(200);
			assertThat(page.body()).contains("id=\"user-user-1\"");
		}
	}
}
