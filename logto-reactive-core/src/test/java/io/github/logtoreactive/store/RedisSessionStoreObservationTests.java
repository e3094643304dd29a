package io.github.logtoreactive.store;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.support.TestClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisSessionStore.Builder#observationRegistry}: each operation against a real {@code redis-server} is one
 * {@code logto.session.store.operations} observation, tagged with the operation and its outcome, never with a
 * session id; {@link RedisSessionStore#ping()} answers for health checks.
 */
@Timeout(60)
class RedisSessionStoreObservationTests {

	private static final String NAME = "logto.session.store.operations";

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static RedisServerHarness redis;

	private static RedisClient client;

	@BeforeAll
	static void startRedis() {
		redis = RedisServerHarness.start();
		client = RedisClient.create();
	}

	@AfterAll
	static void stopRedis() {
		client.shutdown();
		redis.close();
	}

	private static RedisSessionStore store(String uri, Duration timeout, TestObservationRegistry registry) {
		return RedisSessionStore.builder(client, RedisURI.create(uri))
			.secrets(RedisSessionStoreTests.SECRETS)
			.timeout(timeout)
			.clock(new TestClock(RealisticSessions.NOW))
			.observationRegistry(registry)
			.build();
	}

	@Test
	void operationsWhenObservedThenOneObservationEachTaggedWithOperationOutcomeAndNoErrorCode() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		LogtoSession v1 = RedisSessionStoreTests.session();
		try (RedisSessionStore store = store(redis.uri(), WAIT, registry)) {
			store.save(v1, SessionStore.ABSENT).block(WAIT);
			store.save(v1.withTokens(null, "refresh-2"), SessionStore.ABSENT).block(WAIT);
			store.load(v1.id()).block(WAIT);
			store.load(SessionIdCookieCodec.newSessionId()).block(WAIT);
			store.tryAcquireRefreshLease(v1.id(), "owner-1", Duration.ofSeconds(10)).block(WAIT);
			store.tryAcquireRefreshLease(v1.id(), "owner-2", Duration.ofSeconds(10)).block(WAIT);
			store.releaseRefreshLease(v1.id(), "owner-1").block(WAIT);
			store.delete(v1.id()).block(WAIT);
			store.ping().block(WAIT);
		}

		List<Observation.Context> contexts = contexts(registry);
		assertThat(contexts).extracting(context -> context.getLowCardinalityKeyValue("operation").getValue() + " "
				+ context.getLowCardinalityKeyValue("outcome").getValue())
			.containsExactly("save WRITTEN", "save CONFLICT", "load HIT", "load MISS", "acquire_lease ACQUIRED",
					"acquire_lease BUSY", "release_lease SUCCESS", "delete SUCCESS");
		assertThat(contexts).allSatisfy(context -> {
			assertThat(context.getName()).isEqualTo(NAME);
			assertThat(context.getLowCardinalityKeyValue("error.code").getValue()).isEqualTo("none");
			assertThat(context.getContextualName())
				.isEqualTo("logto session store " + context.getLowCardinalityKeyValue("operation").getValue());
			assertThat(context.getAllKeyValues()).extracting(KeyValue::getValue)
				.noneMatch(value -> value.contains(v1.id()) || value.contains("owner-"));
		});
	}

	@Test
	void operationWhenRedisRefusesConnectionsThenErrorWithTheErrorCode() throws Exception {
		TestObservationRegistry registry = TestObservationRegistry.create();
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		try (RedisSessionStore store = store("redis://127.0.0.1:" + closedPort, WAIT, registry)) {
			StepVerifier.create(store.load("any")).expectError(SessionStoreException.class).verify(WAIT);
		}

		TestObservationRegistryAssert.assertThat(registry)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasLowCardinalityKeyValue("operation", "load")
			.hasLowCardinalityKeyValue("outcome", "ERROR")
			.hasLowCardinalityKeyValue("error.code", "session_store.unavailable")
			.assertThatError()
			.isInstanceOf(SessionStoreException.class);
	}

	@Test
	void operationWhenRedisNeverAnswersThenTimeoutWithTheErrorCode() throws Exception {
		TestObservationRegistry registry = TestObservationRegistry.create();
		try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				RedisSessionStore store = store("redis://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(200),
						registry)) {
			StepVerifier.create(store.delete("any")).expectError(SessionStoreException.class).verify(WAIT);
			StepVerifier.create(store.ping()).expectError(SessionStoreException.class).verify(WAIT);
		}

		TestObservationRegistryAssert.assertThat(registry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, 1)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasLowCardinalityKeyValue("operation", "delete")
			.hasLowCardinalityKeyValue("outcome", "TIMEOUT")
			.hasLowCardinalityKeyValue("error.code", "session_store.unavailable");
	}

	private static List<Observation.Context> contexts(TestObservationRegistry registry) {
		List<Observation.Context> contexts = new ArrayList<>();
		TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(contexts::addAll);
		return contexts;
	}
}
