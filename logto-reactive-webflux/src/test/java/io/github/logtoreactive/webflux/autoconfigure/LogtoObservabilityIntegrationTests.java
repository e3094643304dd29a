package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.store.RedisServerHarness;
import io.github.logtoreactive.store.RedisSessionStore;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole Spring Boot application (the starter's auto-configuration, the actuator, Micrometer Tracing with Brave, Boot's
 * Redis support) on its embedded server, against a fake Logto and a real {@code redis-server}: the actuator's health
 * endpoint shows {@code logto} and {@code logtoSessionStore}, the calls to Logto carry the request's trace and are
 * timed, the meters follow Micrometer's naming, and the Redis store connects with {@code spring.data.redis.*} alone.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogtoObservabilityIntegrationTests {

	private static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final MockWebServer logtoServer = new MockWebServer();

	private static final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private static FakeLogto logto;

	private static RedisServerHarness redis;

	private static ConfigurableApplicationContext app;

	private static WebTestClient client;

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BootApp {

	}

	record MetricNames(List<String> names) {
	}

	@BeforeAll
	static void start() throws Exception {
		logtoServer.start();
		logto = new FakeLogto(logtoServer, TestClock.startingNow());
		Dispatcher fake = logtoServer.getDispatcher();
		logtoServer.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				requests.add(request);
				return fake.dispatch(request);
			}
		});
		redis = RedisServerHarness.start();
		app = new SpringApplicationBuilder(BootApp.class).web(WebApplicationType.REACTIVE)
			.properties(Map.of("server.port", "0", "logto.endpoint", logto.endpoint(), "logto.app-id",
					FakeLogto.APP_ID, "logto.app-secret", FakeLogto.APP_SECRET, "logto.cookie.secret", SECRET,
					"logto.cookie.secure", "false", "logto.session.store", "redis", "logto.health.time-to-live", "0s",
					"spring.data.redis.port", Integer.toString(redis.port()), "spring.data.redis.database", "3"))
			.properties("spring.data.redis.host=127.0.0.1", "logto.session.redis-timeout=5s", "management.endpoints.web.exposure.include=health,metrics",
					"management.endpoint.health.show-details=always", "management.tracing.sampling.probability=1.0",
					// Boot's own Redis indicator waits spring.data.redis.timeout (60 s) for a dead Redis
					"management.health.redis.enabled=false")
			.run();
		String port = app.getEnvironment().getProperty("local.server.port");
		client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(WAIT).build();
	}

	@AfterAll
	static void stop() throws Exception {
		if (app != null) {
			app.close();
		}
		redis.close();
		logtoServer.close();
	}

	@Test
	@Order(1)
	void requestWhenItCarriesATraceThenTheCallsToLogtoContinueItAndAreTimed() {
		client.get()
			.uri("/logto/sign-in")
			.header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
			.exchange()
			.expectStatus()
			.is3xxRedirection();

		RecordedRequest discovery = requests.stream()
			.filter(r -> r.getUrl().encodedPath().endsWith("/openid-configuration"))
			.findFirst()
			.orElseThrow();
		assertThat(discovery.getHeaders().get("traceparent")).startsWith("00-" + TRACE_ID + "-")
			.doesNotContain("00f067aa0ba902b7");
		Timer timer = app.getBean(MeterRegistry.class)
			.get("logto.http.client.requests")
			.tags("endpoint", "discovery", "outcome", "SUCCESS", "status", "200", "grant.type", "none")
			.timer();
		assertThat(timer.count()).isOne();
	}

	@Test
	@Order(2)
	void metricsWhenListedThenDottedNamesWithoutUnderscores() {
		MetricNames metrics = client.get()
			.uri("/actuator/metrics")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(MetricNames.class)
			.returnResult()
			.getResponseBody();

		assertThat(metrics.names()).filteredOn(name -> name.startsWith("logto."))
			.contains("logto.http.client.requests", "logto.session.cookie.size.max", "logto.session.cookie.written",
					"logto.session.saves.after.commit", "logto.session.cookie.decode.failures", "logto.refresh.requests",
					"logto.session.cookie.oversized", "logto.signout.refused")
			.allMatch(name -> name.matches("[a-z.]+"));
		assertThat(app.getBean(MeterRegistry.class).get("logto.session.cookie.size.max").gauge().getId().getBaseUnit())
			.isEqualTo("bytes");
	}

	@Test
	@Order(3)
	void redisStoreWhenOnlyBootSettingsThenConnectsWithThemAndIsTimed() {
		RedisSessionStore store = app.getBean(RedisSessionStore.class);
		LogtoSession session = LogtoSession.create("observability-session-1", java.time.Instant.now())
			.withTokens("id-token", "refresh-1");

		assertThat(store.save(session, SessionStore.ABSENT).block(WAIT)).isTrue();
		assertThat(app.getBean(MeterRegistry.class)
			.get("logto.session.store.operations")
			.tags("operation", "save", "outcome", "WRITTEN", "error.code", "none")
			.timer()
			.count()).isOne();

		RedisClient inspector = RedisClient.create();
		try (StatefulRedisConnection<String, String> connection = inspector
			.connect(RedisURI.create(redis.uri() + "/3"))) {
			assertThat(connection.sync().exists("logto:session:observability-session-1")).isOne();
		}
		finally {
			inspector.shutdown();
		}
	}

	@Test
	@Order(4)
	void healthWhenLogtoAndRedisAnswerThenBothUpWithoutSecrets() {
		client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.logto.status")
			.isEqualTo("UP")
			.jsonPath("$.components.logto.details.issuer")
			.isEqualTo(logto.issuer())
			.jsonPath("$.components.logtoSessionStore.status")
			.isEqualTo("UP")
			.consumeWith(body -> assertThat(new String(body.getResponseBodyContent()))
				.doesNotContain(FakeLogto.APP_SECRET, SECRET, "redis://"));
	}

	@Test
	@Order(5)
	void healthWhenLogtoFailsAndRedisIsGoneThenBothDown() {
		logto.discoveryHandler = request -> new MockResponse.Builder().code(503).body("down").build();
		redis.close();

		client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.components.logto.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.logto.details.error")
			.isEqualTo("transport.io")
			.jsonPath("$.components.logtoSessionStore.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.logtoSessionStore.details.error")
			.isEqualTo("session_store.unavailable");
	}
}
