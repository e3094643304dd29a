package io.github.logtoreactive.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.github.logtoreactive.support.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(30)
class SignInPageTests {

	@RegisterExtension
	static LogtoTestServerExtension logto = LogtoTestServerExtension.of(LogtoTestServer.builder()
		.tenant(TestTenant.sample().toBuilder().user(TestUser.builder("user-<3>").name("Eve \"<script>\"").build())
			.build()));

	private String openPage() {
		TestHttp.Reply authorization = TestHttp.getNow(OidcFlows.authorizationUrl(logto.server(), "openid"));
		assertThat(authorization.status()).isEqualTo(303);
		assertThat(authorization.location()).startsWith(logto.server().baseUrl() + "/sign-in/");
		return authorization.location();
	}

	@Test
	void authorizeWhenNoAutoLoginThenSignInPageListsUsersWithStableIdsAndEscapedText() {
		TestHttp.Reply page = TestHttp.getNow(openPage());

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.headers().get("Content-Type")).startsWith("text/html");
		assertThat(page.body()).contains("id=\"user-user-1\"", "data-testid=\"user-user-2\"", "Alice Example",
				"id=\"user-user-&lt;3&gt;\"", "Eve &quot;&lt;script&gt;&quot;", "id=\"cancel\"", "id=\"password\"")
			.doesNotContain("<script>\"");
	}

	@Test
	void signInWhenUserPickedThenRedirectsToCallbackWithCodeAndSetsSessionCookie() {
		String page = openPage();

		TestHttp.Reply picked = TestHttp.postNow(page, Map.of(), "action", "pick", "user_id", "user-2");

		assertThat(picked.status()).isEqualTo(303);
		assertThat(picked.locationParameters()).containsKeys("code", "state", "iss");
		assertThat(picked.cookie("_session")).isNotBlank();
		String code = picked.locationParameters().get("code");
		Map<String, Object> tokens = OidcFlows.exchangeCode(logto.server(), code, OidcFlows.VERIFIER).json();
		assertThat(OidcFlows.claims(tokens.get("id_token"))).containsEntry("sub", "user-2");
	}

	@Test
	void signInWhenPasswordIsCorrectThenSignsIn() {
		TestHttp.Reply reply = TestHttp.postNow(openPage(), Map.of(), "action", "password", "username", "alice",
				"password", "alice-password");

		assertThat(reply.status()).isEqualTo(303);
		assertThat(reply.locationParameters()).containsKey("code");
	}

	@Test
	void signInWhenPasswordIsWrongThenPageShowsError() {
		TestHttp.Reply reply = TestHttp.postNow(openPage(), Map.of(), "action", "password", "username", "alice",
				"password", "nope");

		assertThat(reply.status()).isEqualTo(422);
		assertThat(reply.body()).contains("id=\"error\"");
	}

	@Test
	void signInWhenCancelledThenCallbackGetsAccessDenied() {
		TestHttp.Reply reply = TestHttp.postNow(openPage(), Map.of(), "action", "cancel");

		assertThat(reply.locationParameters()).containsEntry("error", "access_denied")
			.containsEntry("state", "state-1")
			.containsEntry("iss", logto.server().issuer());
	}

	@Test
	void authorizeWhenSessionCookieAndNoLoginPromptThenSkipsThePage() {
		TestHttp.Reply picked = TestHttp.postNow(openPage(), Map.of(), "action", "pick", "user_id", "user-1");
		String url = OidcFlows.authorizationUrl(logto.server(), "openid").replace("prompt=consent", "prompt=");

		TestHttp.Reply again = TestHttp.getNow(url, Map.of("Cookie", "_session=" + picked.cookie("_session")));

		assertThat(again.location()).startsWith(OidcFlows.REDIRECT_URI + "?code=");
	}

	@Test
	void authorizeWhenPromptNoneWithoutSessionThenLoginRequired() {
		String url = OidcFlows.authorizationUrl(logto.server(), "openid").replace("prompt=consent", "prompt=none");

		assertThat(TestHttp.getNow(url).locationParameters()).containsEntry("error", "login_required");
	}

	@Test
	void autoLoginWhenSwitchedOnAtRuntimeThenNoPage() {
		logto.server().autoLogin("user-2");

		TestHttp.Reply reply = TestHttp.getNow(OidcFlows.authorizationUrl(logto.server(), "openid"));

		assertThat(reply.location()).startsWith(OidcFlows.REDIRECT_URI);
	}
}
