package io.github.logtoreactive.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.support.TestClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which thread a request continues on after its Redis read. Lettuce answers every command of a connection on that
 * connection's one event-loop thread; a request that read its session from an HTTP server's event loop continues on
 * that event loop, so that the requests of many event loops do not all run their handlers on Lettuce's one thread.
 */
@Timeout(60)
class RedisAnswerThreadTests {

	private static final TestClock clock = new TestClock(RealisticSessions.NOW);

	private static RedisServerHarness redis;

	private static RedisClient client;

	private static RedisSessionStore store;

	private static DefaultEventLoop serverLoop;

	@BeforeAll
	static void startRedis() {
		redis = RedisServerHarness.start();
		client = RedisClient.create();
		store = RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
			.timeout(Duration.ofSeconds(20))
			.clock(clock)
			.secrets(RedisSessionStoreTests.SECRETS)
			.build();
		// connected before the tests, as the starter does at startup
		store.ping().block(Duration.ofSeconds(30));
		serverLoop = new DefaultEventLoop();
	}

	@AfterAll
	static void stopRedis() throws Exception {
		serverLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
		store.close();
		client.shutdown();
		redis.close();
	}

	private static LogtoSession savedSession() {
		LogtoSession session = LogtoSession.create(SessionIdCookieCodec.newSessionId(), RealisticSessions.NOW)
			.withTokens("id-token", "refresh-1");
		store.save(session, SessionStore.ABSENT).block(Duration.ofSeconds(30));
		return session;
	}

	@Test
	void aLoadSentFromAnEventLoopIsAnsweredOnThatEventLoopNotOnLettucesThread() throws Exception {
		LogtoSession session = savedSession();
		CompletableFuture<Thread> answeredOn = new CompletableFuture<>();

		serverLoop.execute(() -> store.load(session.id())
			.subscribe(loaded -> answeredOn.complete(Thread.currentThread()), answeredOn::completeExceptionally));

		Thread thread = answeredOn.get(30, TimeUnit.SECONDS);
		assertThat(serverLoop.inEventLoop(thread)).as("answered on %s", thread.getName()).isTrue();
	}

	@Test
	void aSaveAndAStaleSaveSentFromAnEventLoopAreAnsweredThereToo() throws Exception {
		LogtoSession session = savedSession();
		long stored = session.version();
		CompletableFuture<Thread> saved = new CompletableFuture<>();
		CompletableFuture<Thread> refused = new CompletableFuture<>();

		serverLoop.execute(() -> store.save(session.withVersion(stored + 1), stored)
			.doOnNext(written -> assertThat(written).isTrue())
			.then(store.save(session.withVersion(stored + 5), stored))
			.subscribe(written -> {
				saved.complete(Thread.currentThread());
				if (written) {
					refused.completeExceptionally(new AssertionError("a stale save was written"));
				}
				else {
					refused.complete(Thread.currentThread());
				}
			}, saved::completeExceptionally));

		assertThat(serverLoop.inEventLoop(saved.get(30, TimeUnit.SECONDS))).isTrue();
		assertThat(serverLoop.inEventLoop(refused.get(30, TimeUnit.SECONDS))).isTrue();
	}

	@Test
	void aLoadSentFromAThreadThatIsNoEventLoopIsAnsweredOnLettucesThreadAsBefore() {
		LogtoSession session = savedSession();
		Thread caller = Thread.currentThread();

		Thread answeredOn = store.load(session.id()).map(loaded -> Thread.currentThread()).block(Duration.ofSeconds(30));

		assertThat(answeredOn).isNotNull().isNotSameAs(caller);
		assertThat(serverLoop.inEventLoop(answeredOn)).isFalse();
	}
}
