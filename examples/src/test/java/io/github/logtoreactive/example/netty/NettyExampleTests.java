package io.github.logtoreactive.example.netty;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.TestWebApp;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain Reactor Netty example against the embedded Logto-compatible server: a browser-like client signs in,
 * reads its claims, and signs out, with no Spring anywhere on the request path.
 */
@Timeout(60)
class NettyExampleTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private LogtoTestServer logto;

	private DisposableServer server;

	private String base;

	private final Map<String, String> jar = new LinkedHashMap<>();

	@BeforeEach
	void start() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		this.base = "http://127.0.0.1:" + port;
		this.logto = LogtoTestServer.builder()
			.tenant(TestTenant.demo().toBuilder()
				.webApp(TestWebApp.builder("netty-app", "netty-secret")
					.redirectUris(this.base + "/logto/callback")
					.postLogoutRedirectUris(this.base + "/")
					.build())
				.build())
			.autoLogin("user-1")
			.build()
			.start();
		LogtoConfig config = LogtoConfig.builder()
			.endpoint(this.logto.baseUrl())
			.appId("netty-app")
			.appSecret("netty-secret")
			.build();
		this.server = new NettyExample(config, "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA", this.base).start(port);
	}

	@AfterEach
	void stop() {
		this.server.disposeNow();
		this.logto.stop();
	}

	@Test
	void signInThenClaimsThenSignOut() {
		Response start = get(this.base + "/logto/sign-in?postRedirectUri=/me", "text/html");
		assertThat(start.status).isEqualTo(302);
		assertThat(start.location).startsWith(this.logto.issuer() + "/auth?")
			.contains("redirect_uri=" + encoded(this.base + "/logto/callback"));
		Response authorized = get(start.location, "text/html");
		assertThat(authorized.location).as("Logto signs user-1 in at once").startsWith(this.base + "/logto/callback?");
		Response callback = get(authorized.location, "text/html");
		assertThat(callback.status).isEqualTo(302);
		assertThat(callback.location).isEqualTo("/me");
		assertThat(this.jar).containsKey("logto_session").noneSatisfy((name, value) -> assertThat(name)
			.startsWith("logto_tx_"));

		Response me = get(this.base + "/me", "application/json");
		assertThat(me.status).isEqualTo(200);
		assertThat(me.body).contains("\"sub\":\"user-1\"", "\"name\":\"Alice Example\"");

		Response signOut = send("POST", this.base + "/logto/sign-out", "text/html", this.base);
		assertThat(signOut.status).isEqualTo(303);
		assertThat(signOut.location).startsWith(this.logto.issuer() + "/session/end?")
			.contains("post_logout_redirect_uri=" + encoded(this.base + "/"));
		assertThat(this.jar).doesNotContainKey("logto_session");
		assertThat(get(this.base + "/me", "application/json").status).isEqualTo(401);
	}

	@Test
	void meWhenNotSignedInThenBrowsersAreSentToSignInAndOthersGet401() {
		Response browser = get(this.base + "/me?tab=2", "text/html");
		assertThat(browser.status).isEqualTo(302);
		assertThat(browser.location).isEqualTo("/logto/sign-in?postRedirectUri=%2Fme%3Ftab%3D2");

		Response api = get(this.base + "/me", "application/json");
		assertThat(api.status).isEqualTo(401);
		assertThat(api.headers.get(HttpHeaderNames.WWW_AUTHENTICATE))
			.isEqualTo("Logto realm=\"" + this.base + "\", sign_in_uri=\"/logto/sign-in\"");
		assertThat(api.body).contains("\"error\":\"not_authenticated\"");
	}

	@Test
	void signOutWhenSentByAnotherSiteThen403() {
		Response refused = send("POST", this.base + "/logto/sign-out", "text/html", "https://evil.example");
		assertThat(refused.status).isEqualTo(403);
		assertThat(refused.body).contains("cross_site_request");
	}

	private Response get(String url, String accept) {
		return send("GET", url, accept, null);
	}

	/** Sends a request with the jar's cookies for this server, and keeps the cookies it sets. */
	private Response send(String method, String url, String accept, String origin) {
		boolean ours = url.startsWith(this.base);
		Response response = HttpClient.create()
			.followRedirect(false)
			.headers(headers -> {
				headers.set(HttpHeaderNames.ACCEPT, accept);
				if (origin != null) {
					headers.set(HttpHeaderNames.ORIGIN, origin);
				}
				if (ours && !this.jar.isEmpty()) {
					StringBuilder cookie = new StringBuilder();
					this.jar.forEach((name, value) -> cookie.append(cookie.isEmpty() ? "" : "; ").append(name)
						.append('=').append(value));
					headers.set(HttpHeaderNames.COOKIE, cookie);
				}
			})
			.request(HttpMethod.valueOf(method))
			.uri(url)
			.responseSingle((head, body) -> body.asString().defaultIfEmpty("")
				.map(text -> new Response(head.status().code(), head.responseHeaders(), text)))
			.block(TIMEOUT);
		if (ours) {
			remember(response.headers.getAll(HttpHeaderNames.SET_COOKIE));
		}
		return response;
	}

	private void remember(List<String> setCookies) {
		for (String line : setCookies) {
			String pair = line.split(";", 2)[0];
			String name = pair.substring(0, pair.indexOf('='));
			String value = pair.substring(pair.indexOf('=') + 1);
			if (value.isEmpty() || line.contains("Max-Age=0")) {
				this.jar.remove(name);
			}
			else {
				this.jar.put(name, value);
			}
		}
	}

	private static String encoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static final class Response {

		final int status;

		final HttpHeaders headers;

		final String location;

		final String body;

		Response(int status, HttpHeaders headers, String body) {
			this.status = status;
			this.headers = headers;
			String location = headers.get(HttpHeaderNames.LOCATION);
			this.location = location == null ? null : URI.create(location).toString();
			this.body = body;
		}
	}
}
