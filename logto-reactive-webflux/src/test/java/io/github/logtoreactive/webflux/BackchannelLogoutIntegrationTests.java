package io.github.logtoreactive.webflux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.RedisServerHarness;
import io.github.logtoreactive.store.RedisSessionRevocations;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.SignedInCookies;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.TestUser;
import io.github.logtoreactive.test.TestWebApp;
import io.github.logtoreactive.test.WebTestClientSignIn;
import io.github.logtoreactive.web.SessionStorage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Back-channel logout end to end: the embedded Logto server ends a user's Logto session and posts its logout token to
 * instance A over HTTP; the user's session on instance B, sharing the record of ended sessions through a real Redis,
 * is signed out.
 */
@Timeout(120)
class BackchannelLogoutIntegrationTests {

	private static final String BASE = "http://localhost:8080";

	private static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	private RedisServerHarness redis;

	private RedisClient redisClient;

	private final List<RedisSessionRevocations> records = new ArrayList<>();

	private DisposableServer instanceA;

	private final AtomicReference<HttpHandler> handlerOfA = new AtomicReference<>();

	private LogtoTestServer logto;

	@BeforeEach
	void start() {
		this.redis = RedisServerHarness.start();
		this.redisClient = RedisClient.create();
		this.instanceA = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> new ReactorHttpHandlerAdapter(this.handlerOfA.get()).apply(request,
					response))
			.bindNow();
		TestTenant tenant = TestTenant.builder()
			.webApp(TestWebApp.builder("test-app", "test-secret")
				.redirectUris(BASE + "/logto/callback")
				.postLogoutRedirectUris(BASE + "/")
				.backchannelLogoutUri("http://127.0.0.1:" + this.instanceA.port() + "/logto/backchannel-logout")
				.build())
			.user(TestUser.builder("user-1").username("alice").name("Alice Example").password("alice-password")
				.build())
			.build();
		this.logto = LogtoTestServer.builder().tenant(tenant).autoLogin("user-1").build().start();
	}

	@AfterEach
	void stop() {
		this.logto.stop();
		this.instanceA.disposeNow();
		this.records.forEach(RedisSessionRevocations::close);
		this.redisClient.shutdown();
		this.redis.close();
	}

	private LogtoWebFilter instance() {
		LogtoEngine engine = LogtoEngine.create(LogtoConfig.builder()
			.endpoint(this.logto.baseUrl())
			.appId("test-app")
			.appSecret("test-secret")
			.build());
		CookieSecrets secrets = CookieSecrets.of("test-app", SECRET);
		SessionCookieSettings settings = SessionCookieSettings.builder().secure(false).build();
		RedisSessionRevocations record = RedisSessionRevocations
			.builder(this.redisClient, RedisURI.create(this.redis.uri()))
			.timeout(Duration.ofSeconds(10))
			.build();
		this.records.add(record);
		return LogtoWebFilter.builder(engine, SessionStorage.inCookies(SessionCookieCodec.create(secrets, settings),
				TransactionCookieCodec.create(secrets, settings)))
			.baseUrl(BASE)
			.revocations(record)
			.build();
	}

	private static WebTestClient client(LogtoWebFilter filter) {
		return WebTestClient
			.bindToWebHandler(RouterFunctions.toWebHandler(RouterFunctions.route()
				.GET("/", request -> ServerResponse.ok().bodyValue("home"))
				.build()))
			.webFilter(filter)
			.configureClient()
			.baseUrl(BASE)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void aLogtoSignOutElsewhereEndsTheSessionOnAnInstanceOtherThanTheOneLogtoCalled() {
		this.handlerOfA.set(WebHttpHandlerBuilder
			.webHandler(RouterFunctions.toWebHandler(RouterFunctions.route()
				.GET("/", request -> ServerResponse.ok().bodyValue("home"))
				.build()))
			.filter(instance())
			.build());
		WebTestClient b = client(instance());
		SignedInCookies signedIn = WebTestClientSignIn.with(this.logto).user("user-1").signIn(b);
		Map<String, String> jar = new HashMap<>();
		signedIn.cookies().forEach((name, values) -> jar.put(name, values.get(values.size() - 1).getValue()));
		b.get().uri("/logto/user").cookies(c -> jar.forEach(c::add)).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.isAuthenticated").isEqualTo(true);

		this.logto.endSessions("user-1").block(Duration.ofSeconds(30));

		b.get().uri("/logto/user").cookies(c -> jar.forEach(c::add)).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.isAuthenticated").isEqualTo(false);
	}
}
