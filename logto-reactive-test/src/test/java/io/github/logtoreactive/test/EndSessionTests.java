package io.github.logtoreactive.test;

import static io.github.logtoreactive.test.OidcFlows.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.SignedJWT;
import io.github.logtoreactive.support.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

@Timeout(30)
class EndSessionTests {

	private static final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

	private static DisposableServer relyingParty;

	private static LogtoTestServer server;

	@BeforeAll
	static void start() {
		relyingParty = HttpServer.create().host("127.0.0.1").port(0)
			.route((routes) -> routes.post("/backchannel", (request, response) -> request.receive().aggregate()
				.asString(StandardCharsets.UTF_8)
				.doOnNext(received::offer)
				.then(response.status(200).send())))
			.bindNow();
		server = LogtoTestServer.builder()
			.tenant(TestTenant.builder()
				.webApp(TestWebApp.builder(CLIENT_ID, OidcFlows.CLIENT_SECRET)
					.redirectUris(OidcFlows.REDIRECT_URI)
					.postLogoutRedirectUris("http://localhost:8080/")
					.backchannelLogoutUri("http://127.0.0.1:" + relyingParty.port() + "/backchannel")
					.build())
				.user(TestUser.builder("user-1").build())
				.build())
			.autoLogin("user-1")
			.build()
			.start();
	}

	@AfterAll
	static void stop() {
		server.stop();
		relyingParty.disposeNow();
	}

	private static String xsrf(String page) {
		Matcher matcher = Pattern.compile("name=\"xsrf\" value=\"([^\"]+)\"").matcher(page);
		assertThat(matcher.find()).as("xsrf in %s", page).isTrue();
		return matcher.group(1);
	}

	@Test
	void endSessionWhenRegisteredUriThenPageAutoPostsAndConfirmRedirectsWithStateAndSendsLogoutToken()
			throws Exception {
		TestHttp.Reply authorization = TestHttp.getNow(OidcFlows.authorizationUrl(server, "openid offline_access"));
		String session = authorization.cookie("_session");
		String code = authorization.locationParameters().get("code");
		Map<String, Object> tokens = OidcFlows.exchangeCode(server, code, OidcFlows.VERIFIER).json();
		Map<String, String> cookie = Map.of("Cookie", "_session=" + session);

		TestHttp.Reply page = TestHttp.getNow(server.issuer() + "/session/end?" + TestHttp.form("id_token_hint",
				(String) tokens.get("id_token"), "post_logout_redirect_uri", "http://localhost:8080/", "state", "s-9"),
				cookie);
		TestHttp.Reply confirmed = TestHttp.postNow(server.issuer() + "/session/end/confirm", cookie, "xsrf",
				xsrf(page.body()), "logout", "yes");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<title>Sign Out</title>").contains("logout").contains(".submit()");
		assertThat(confirmed.status()).isEqualTo(303);
		assertThat(confirmed.location()).isEqualTo("http://localhost:8080/?state=s-9");
		assertThat(confirmed.headers().get("Set-Cookie")).startsWith("_session=;").contains("Max-Age=0");
		String body = received.poll(5, TimeUnit.SECONDS);
		assertThat(body).startsWith("logout_token=");
		SignedJWT logoutToken = OidcFlows.jwt(TestHttp.decode(body.substring("logout_token=".length())));
		assertThat(logoutToken.getHeader().getType().toString()).isEqualTo("logout+jwt");
		Map<String, Object> claims = logoutToken.getJWTClaimsSet().toJSONObject();
		assertThat(claims).containsEntry("aud", CLIENT_ID).containsEntry("sub", "user-1")
			.containsEntry("sid", OidcFlows.claims(tokens.get("id_token")).get("sid"))
			.containsEntry("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()))
			.containsKeys("iss", "iat", "exp", "jti");
		assertThat((Long) claims.get("exp") - (Long) claims.get("iat")).isEqualTo(120L);
		assertThat(OidcFlows.refresh(server, (String) tokens.get("refresh_token")).status())
			.as("offline_access refresh tokens survive logout").isEqualTo(200);
	}

	@Test
	void endSessionWhenGrantHasNoOfflineAccessThenItIsRevoked() {
		TestHttp.Reply authorization = TestHttp.getNow(OidcFlows.authorizationUrl(server, "openid"));
		Map<String, String> cookie = Map.of("Cookie", "_session=" + authorization.cookie("_session"));
		String accessToken = (String) OidcFlows.exchangeCode(server, authorization.locationParameters().get("code"),
				OidcFlows.VERIFIER).json().get("access_token");

		TestHttp.Reply page = TestHttp.getNow(server.issuer() + "/session/end?client_id=" + CLIENT_ID, cookie);
		TestHttp.Reply confirmed = TestHttp.postNow(server.issuer() + "/session/end/confirm", cookie, "xsrf",
				xsrf(page.body()), "logout", "yes");

		assertThat(confirmed.location()).isEqualTo(server.baseUrl() + "/oidc/session/end/success?client_id=test-app");
		assertThat(TestHttp.getNow(server.issuer() + "/me", TestHttp.bearer(accessToken)).status()).isEqualTo(401);
		assertThat(TestHttp.getNow(confirmed.location()).body()).contains("You have successfully signed out.");
	}

	@Test
	void endSessionWhenPostLogoutUriIsNotRegisteredThenInvalidRequest() {
		TestHttp.Reply reply = TestHttp.getNow(server.issuer() + "/session/end?" + TestHttp.form("client_id", CLIENT_ID,
				"post_logout_redirect_uri", "https://evil.example.com/"));

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.json()).containsEntry("error", "invalid_request")
			.containsEntry("error_description", "post_logout_redirect_uri not registered");
	}

	@Test
	void endSessionWhenClientIdDoesNotMatchHintThenInvalidRequest() {
		Map<String, Object> tokens = OidcFlows.tokens(server, "openid");

		TestHttp.Reply reply = TestHttp.getNow(server.issuer() + "/session/end?" + TestHttp.form("id_token_hint",
				(String) tokens.get("id_token"), "client_id", "other-app"));

		assertThat(reply.json()).containsEntry("error_description", "client_id does not match the provided id_token_hint");
	}

	@Test
	void endSessionsWhenCalledFromControlApiThenBackchannelLogoutIsDelivered() throws Exception {
		received.clear();
		OidcFlows.tokens(server, "openid");

		server.endSessions("user-1").block(Duration.ofSeconds(5));

		assertThat(received.poll(5, TimeUnit.SECONDS)).startsWith("logout_token=");
	}

	@Test
	void endSessionsWhenNothingToDoThenCompletesEmpty() {
		reactor.test.StepVerifier.create(server.endSessions("nobody").then(Mono.just(1)))
			.expectNext(1)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}
}
