package io.github.logtoreactive.test.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.SignedJWT;
import io.github.logtoreactive.support.TestHttp;
import io.github.logtoreactive.test.TestApiResource;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.TestUser;
import io.github.logtoreactive.test.TestWebApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

// a guard against hangs, not a measurement: above the peer's 120 s start deadline, which a loaded machine needs
@Timeout(180)
class OidcProviderPeerBackchannelLogoutTests {

	private static final Pattern XSRF = Pattern.compile("name=\"xsrf\" value=\"([^\"]+)\"");

	@Test
	void endSessionWhenBackchannelLogoutUriThenPostsALogoutTokenWithSid() throws Exception {
		CompletableFuture<String> received = new CompletableFuture<>();
		DisposableServer app = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/logto/backchannel-logout", (request, response) -> request.receive()
				.aggregate()
				.asString()
				.doOnNext(received::complete)
				.then(response.status(200).send())))
			.bindNow();
		String backchannelUri = "http://127.0.0.1:" + app.port() + "/logto/backchannel-logout";
		TestTenant tenant = TestTenant.builder()
			.webApp(TestWebApp.builder(PeerFlows.CLIENT_ID, PeerFlows.CLIENT_SECRET)
				.redirectUris(PeerFlows.REDIRECT_URI)
				.postLogoutRedirectUris(PeerFlows.POST_LOGOUT_REDIRECT_URI)
				.backchannelLogoutUri(backchannelUri)
				.build())
			.apiResource(TestApiResource.builder(PeerFlows.API).build())
			.user(TestUser.builder("user-1").username("alice").build())
			.build();
		try (OidcProviderPeer peer = OidcProviderPeer.builder()
			.tenant(tenant)
			.autoLogin("user-1")
			.build()
			.start()) {
			PeerFlows flows = new PeerFlows(peer);
			Map<String, Object> tokens = flows.tokens("openid offline_access");
			String sid = (String) PeerFlows.claims(tokens.get("id_token")).get("sid");
			TestHttp.Reply page = flows.browser.get(peer.issuer() + "/session/end?" + TestHttp.form("id_token_hint",
					(String) tokens.get("id_token"), "post_logout_redirect_uri", PeerFlows.POST_LOGOUT_REDIRECT_URI));
			Matcher xsrf = XSRF.matcher(page.body());
			assertThat(xsrf.find()).as(page.body()).isTrue();

			TestHttp.Reply confirmed = flows.browser.post(peer.issuer() + "/session/end/confirm", Map.of(), "xsrf",
					xsrf.group(1), "logout", "yes");

			assertThat(confirmed.status()).isEqualTo(303);
			String body = Mono.fromFuture(received).block(Duration.ofSeconds(5));
			assertThat(body).startsWith("logout_token=");
			SignedJWT logoutToken = flows.verified(TestHttp.decode(body.substring("logout_token=".length())));
			assertThat(logoutToken.getHeader().getType()).isEqualTo(new JOSEObjectType("logout+jwt"));
			assertThat(logoutToken.getJWTClaimsSet().toJSONObject()).containsEntry("sub", "user-1")
				.containsEntry("aud", PeerFlows.CLIENT_ID)
				.containsEntry("iss", peer.issuer())
				.containsEntry("sid", sid)
				.containsKey("events");
		}
		finally {
			app.disposeNow();
		}
	}
}
