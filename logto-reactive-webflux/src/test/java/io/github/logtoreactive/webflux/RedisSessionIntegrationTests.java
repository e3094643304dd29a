package io.github.logtoreactive.webflux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.RedisServerHarness;
import io.github.logtoreactive.store.RedisSessionStore;
import io.github.logtoreactive.test.Endpoint;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.SignedInCookies;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.WebTestClientSignIn;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogtoWebFilter} with sessions in a real Redis: the cookie carries only the session id.
 */
@Timeout(120)
class RedisSessionIntegrationTests {

	private RedisServerHarness redis;

	private RedisClient redisClient;

	private LogtoTestServer server;

	private final List<RedisSessionStore> stores = new ArrayList<>();

	@BeforeEach
	void startRedis() {
		this.redis = RedisServerHarness.start();
		this.redisClient = RedisClient.create();
	}

	@AfterEach
	void stopAll() {
		this.stores.forEach(RedisSessionStore::close);
		this.redisClient.shutdown();
		this.redis.close();
		if (this.server != null) {
			this.server.stop();
		}
	}

	private TestApp app() {
		RedisSessionStore store = RedisSessionStore.builder(this.redisClient, RedisURI.create(this.redis.uri()))
			// Not what these tests are about: generous for a loaded CI machine
			.timeout(Duration.ofSeconds(20))
			.secrets(CookieSecrets.of("test-app", TestApp.SECRET))
			.build();
		this.stores.add(store);
		// connected before the first request, as the starter connects its Redis at startup
		store.ping().block(Duration.ofMinutes(1));
		return new TestApp(this.server, store);
	}

	private void signIn(TestApp app) {
		SignedInCookies result = WebTestClientSignIn.with(this.server).user("user-1").signIn(app.client);
		app.remember(result.cookies());
	}

	@Test
	void signInThenCookieHoldsOnlyTheSessionIdAndSessionLivesInRedis() {
		this.server = LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-1").build().start();
		TestApp app = app();
		signIn(app);
		assertThat(app.jar.get("logto_session")).hasSizeLessThan(120);
		app.get("/logto/user").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.claims.sub").isEqualTo("user-1");
	}

	@Test
	void streamWhenTokenExpiresMidStreamWithRotationThenNextRequestUsesNewestRefreshToken() {
		this.server = LogtoTestServer.builder()
			.tenant(TestTenant.sample())
			.autoLogin("user-1")
			.accessTokenTtl(Duration.ofSeconds(2))
			.refreshTokenRotation(RefreshTokenRotation.ALWAYS)
			.build()
			.start();
		TestApp app = app();
		signIn(app);
		LogtoWebFilterIntegrationTests.assertStreamSurvivesRotation(app, this.server);
	}

	@ParameterizedTest
	@EnumSource(value = RefreshTokenRotation.class, names = { "ALWAYS", "AFTER_70_PERCENT" })
	void twoInstancesSharingRedisWhenTwoHundredConcurrentRequestsThenOneRefresh(RefreshTokenRotation rotation) {
		this.server = LogtoTestServer.builder()
			.tenant(TestTenant.sample())
			.autoLogin("user-1")
			.refreshTokenRotation(rotation)
			.build()
			.start();
		TestApp first = app();
		TestApp second = app();
		signIn(first);
		second.jar.putAll(first.jar);
		long before = this.server.requestCount(Endpoint.TOKEN);
		List<Mono<String>> calls = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			TestApp instance = (i % 2 == 0) ? first : second;
			calls.add(Mono.fromCallable(() -> instance.get("/api/token").exchange().expectStatus().isOk()
				.expectBody(String.class).returnResult().getResponseBody()).subscribeOn(Schedulers.boundedElastic()));
		}
		List<String> bodies = Flux.merge(calls).collectList().block(Duration.ofSeconds(60));
		assertThat(bodies).hasSize(200);
		assertThat(new HashSet<>(bodies)).hasSize(1);
		assertThat(this.server.requestCount(Endpoint.TOKEN) - before).as("one refresh across both instances")
			.isEqualTo(1);
		// No lost update: the stored session holds the newest refresh token, so a forced refresh from either
		// instance still works (a consumed one would be refused once the grant is revoked).
		first.get("/logto/user").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.isAuthenticated").isEqualTo(true);
		assertThat(first.engine.statistics().refreshFailures() + second.engine.statistics().refreshFailures())
			.isZero();
	}

	@Test
	void redisDownThenTypedErrorNotServerError() {
		this.server = LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-1").build().start();
		TestApp app = app();
		signIn(app);
		this.redis.kill();
		app.get("/api/me").accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isEqualTo(503)
			.expectBody().jsonPath("$.error").isEqualTo("session_store.unavailable");
		this.redis.restart();
		// This Redis keeps nothing across a restart: the session is gone, which reads as "signed out", not an error.
		app.get("/api/me").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isUnauthorized();
		signIn(app);
		app.get("/api/me").exchange().expectStatus().isOk();
	}
}
