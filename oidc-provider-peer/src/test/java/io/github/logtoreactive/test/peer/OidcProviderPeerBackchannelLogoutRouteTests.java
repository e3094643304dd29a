package io.github.logtoreactive.test.peer;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.logtoreactive.support.TestHttp;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.InMemorySessionRevocations;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionRevocations;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.test.TestApiResource;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.TestUser;
import io.github.logtoreactive.test.TestWebApp;
import io.github.logtoreactive.web.LogtoRouteHandler;
import io.github.logtoreactive.web.LogtoRoutes;
import io.github.logtoreactive.web.RequestSessions;
import io.github.logtoreactive.web.RouteRequest;
import io.github.logtoreactive.web.SessionStorage;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code oidc-provider} ends a Logto session and posts its logout token to instance A's back-channel logout
 * route (core's {@link LogtoRouteHandler} on a plain Reactor Netty server): the token verifies as the provider signs
 * it, and the user's session on instance B, sharing the record of ended sessions, is signed out.
 */
// a guard against hangs, not a measurement: above the peer's 120 s start deadline, which a loaded machine needs
@Timeout(180)
class OidcProviderPeerBackchannelLogoutRouteTests {

	private static final Pattern XSRF = Pattern.compile("name=\"xsrf\" value=\"([^\"]+)\"");

	private static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	private final SessionRevocations shared = InMemorySessionRevocations.create(Clock.systemUTC());

	private final SessionCookieSettings settings = SessionCookieSettings.builder().secure(false).build();

	private final CookieSecrets secrets = CookieSecrets.of(PeerFlows.CLIENT_ID, SECRET);

	private final SessionCookieCodec codec = SessionCookieCodec.create(this.secrets, this.settings);

	private RequestSessions instance(String endpoint) {
		LogtoEngine engine = LogtoEngine.create(LogtoConfig.builder()
			.endpoint(endpoint)
			.appId(PeerFlows.CLIENT_ID)
			.appSecret(PeerFlows.CLIENT_SECRET)
			.build());
		return RequestSessions.builder(engine, SessionStorage.inCookies(this.codec,
				TransactionCookieCodec.create(this.secrets, this.settings)))
			.revocations(this.shared)
			.build();
	}

	@Test
	void aLogoutTokenOfTheRealProviderEndsTheSessionOfItsSidOnAnotherInstance() {
		Map<String, Integer> answered = new java.util.concurrent.ConcurrentHashMap<>();
		LogtoRouteHandler[] routesOfA = new LogtoRouteHandler[1];
		RequestSessions[] sessionsOfA = new RequestSessions[1];
		DisposableServer a = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> {
				LogtoRoutes.Route route = routesOfA[0].routes().match(request.method().name(), request.fullPath());
				return routesOfA[0].handle(route, new FormRequest(request), sessionsOfA[0].open(Map.of()).client())
					.flatMap(answer -> {
						answered.put("status", answer.status());
						return response.status(answer.status()).send().then();
					});
			})
			.bindNow();
		TestTenant tenant = TestTenant.builder()
			.webApp(TestWebApp.builder(PeerFlows.CLIENT_ID, PeerFlows.CLIENT_SECRET)
				.redirectUris(PeerFlows.REDIRECT_URI)
				.postLogoutRedirectUris(PeerFlows.POST_LOGOUT_REDIRECT_URI)
				.backchannelLogoutUri("http://127.0.0.1:" + a.port() + "/logto/backchannel-logout")
				.build())
			.apiResource(TestApiResource.builder(PeerFlows.API).build())
			.user(TestUser.builder("user-1").username("alice").build())
			.build();
		try (OidcProviderPeer peer = OidcProviderPeer.builder().tenant(tenant).autoLogin("user-1").build().start()) {
			String endpoint = peer.issuer().substring(0, peer.issuer().length() - "/oidc".length());
			sessionsOfA[0] = instance(endpoint);
			routesOfA[0] = LogtoRouteHandler.builder().sessions(sessionsOfA[0]).build();
			RequestSessions b = instance(endpoint);
			PeerFlows flows = new PeerFlows(peer);
			Map<String, Object> tokens = flows.tokens("openid offline_access");
			Map<String, String> cookies = cookiesOf(LogtoSession
				.create(SessionIdCookieCodec.newSessionId(), java.time.Instant.now())
				.withTokens((String) tokens.get("id_token"), (String) tokens.get("refresh_token")));
			assertThat(b.open(cookies).client().isAuthenticated().block(Duration.ofSeconds(10))).isTrue();

			TestHttp.Reply page = flows.browser.get(peer.issuer() + "/session/end?" + TestHttp.form("id_token_hint",
					(String) tokens.get("id_token"), "post_logout_redirect_uri", PeerFlows.POST_LOGOUT_REDIRECT_URI));
			Matcher xsrf = XSRF.matcher(page.body());
			assertThat(xsrf.find()).as(page.body()).isTrue();
			TestHttp.Reply confirmed = flows.browser.post(peer.issuer() + "/session/end/confirm", Map.of(), "xsrf",
					xsrf.group(1), "logout", "yes");

			assertThat(confirmed.status()).isEqualTo(303);
			assertThat(answered).as("the provider waits for the answer before it redirects")
				.containsEntry("status", 200);
			assertThat(b.open(cookies).client().isAuthenticated().block(Duration.ofSeconds(10))).isFalse();
		}
		finally {
			a.disposeNow();
		}
	}

	private Map<String, String> cookiesOf(LogtoSession session) {
		Map<String, String> jar = new HashMap<>();
		for (SetCookie cookie : this.codec.encode(session, java.time.Instant.now()).cookies()) {
			jar.put(cookie.name(), cookie.value());
		}
		return jar;
	}

	/** A Reactor Netty request as the core's route handler reads it, with its form body. */
	private record FormRequest(HttpServerRequest request) implements RouteRequest {

		@Override
		public String method() {
			return this.request.method().name();
		}

		@Override
		public URI uri() {
			return URI.create("http://127.0.0.1" + this.request.uri());
		}

		@Override
		public @Nullable String queryParameter(String name) {
			return null;
		}

		@Override
		public @Nullable String header(String name) {
			return this.request.requestHeaders().get(name);
		}

		@Override
		public Mono<String> formParameter(String name) {
			return this.request.receive().aggregate().asString(StandardCharsets.UTF_8).mapNotNull(body -> {
				List<String> values = new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters().get(name);
				return values == null || values.isEmpty() ? null : values.get(0);
			});
		}
	}
}
