package io.github.logtoreactive.support;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.RedisServerHarness;
import io.github.logtoreactive.store.RedisSessionRevocations;
import io.github.logtoreactive.store.RedisSessionStore;
import io.github.logtoreactive.web.RequestSessions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A real {@code redis-server} (the {@link RedisServerHarness}) shared by the instances of one application in a test,
 * and what each instance connects to it: Redis session stores, stores coordinating cookie sessions and records of
 * ended sessions, built as the starter builds them (its key prefixes and TTLs, the builders' defaults otherwise) but
 * with the test's clock and {@link #TIMEOUT}. Each is connected before it is handed out, as the starter connects at
 * startup: on a loaded machine the first command, which also connects, could otherwise exceed a short timeout.
 * {@link #close()} closes everything built here, then stops the server; a test declares it
 * {@code @AutoClose SharedRedis redis = SharedRedis.start();}.
 *
 * <p>
 * Its client refuses commands at once while Redis is down (Lettuce's {@code REJECT_COMMANDS}), so a test of an outage
 * sees the failure without waiting for the timeout. Test code only: it blocks the calling (JUnit main) thread.
 */
public final class SharedRedis implements AutoCloseable {

	/**
	 * The command timeout of every store and record built here: not what the tests are about (a stopped Redis is
	 * refused at once), so generous for a loaded CI machine, where 5 s once made a 503.
	 */
	public static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** The starter's key prefix of what cookie sessions publish for each other ({@code <redis-key-prefix>cookie:}). */
	public static final String COORDINATION_KEY_PREFIX = "logto:session:cookie:";

	private final RedisServerHarness server;

	private final RedisClient client;

	/** Closes what was built here, in order. */
	private final List<Runnable> closing = new ArrayList<>();

	/** Each says when what it checks answers (a store or record built here). */
	private final List<Supplier<Mono<?>>> connected = new ArrayList<>();

	private @Nullable RedisClient inspectorClient;

	private @Nullable StatefulRedisConnection<String, String> inspector;

	private SharedRedis(RedisServerHarness server) {
		this.server = server;
		this.client = RedisClient.create();
		this.client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
	}

	/**
	 * @return a running {@code redis-server} on a free port, nothing connected yet
	 */
	public static SharedRedis start() {
		return new SharedRedis(RedisServerHarness.start());
	}

	/**
	 * @return where the server is
	 */
	public RedisURI uri() {
		return RedisURI.create(this.server.uri());
	}

	/**
	 * An instance's Redis session store: the builder's defaults ({@code logto:session:}, 14-day idle and 30-day
	 * absolute timeout), the test's clock.
	 * @param clock the instance's clock
	 * @param secrets the cookie secrets every instance shares
	 * @return the store, connected
	 */
	public RedisSessionStore sessionStore(Clock clock, CookieSecrets secrets) {
		return connected(RedisSessionStore.builder(this.client, uri())
			.timeout(TIMEOUT)
			.clock(clock)
			.secrets(secrets)
			.build());
	}

	/**
	 * The store an instance keeping sessions in cookies coordinates them through, as the starter builds it with
	 * {@code logto.session.redis-url}: under {@link #COORDINATION_KEY_PREFIX}, for the default pending TTL.
	 * @param clock the instance's clock
	 * @param secrets the cookie secrets every instance shares
	 * @return the store, connected
	 */
	public RedisSessionStore coordinationStore(Clock clock, CookieSecrets secrets) {
		return connected(RedisSessionStore.builder(this.client, uri())
			.keyPrefix(COORDINATION_KEY_PREFIX)
			.idleTimeout(RequestSessions.DEFAULT_PENDING_TTL)
			.timeout(TIMEOUT)
			.clock(clock)
			.secrets(secrets)
			.build());
	}

	/**
	 * An instance's record of ended sessions on a connection of its own (the starter's with cookie sessions and
	 * {@code logto.session.redis-url}): the builder's defaults ({@code logto:ended:}), the test's clock.
	 * @param clock the instance's clock
	 * @return the record, connected
	 */
	public RedisSessionRevocations revocations(Clock clock) {
		RedisSessionRevocations revocations = RedisSessionRevocations.builder(this.client, uri())
			.timeout(TIMEOUT)
			.clock(clock)
			.build();
		this.closing.add(revocations::close);
		// the record has no PING: a read of a session nobody ended connects it
		Supplier<Mono<?>> answers = () -> revocations.isEnded("connecting", null, null, clock.instant());
		this.connected.add(answers);
		answers.get().block(TIMEOUT);
		return revocations;
	}

	/**
	 * An instance's record of ended sessions on its Redis store's connection (the starter's with the Redis store).
	 * @param store the instance's store, built here
	 * @param clock the instance's clock
	 * @return the record
	 */
	public RedisSessionRevocations revocationsOn(RedisSessionStore store, Clock clock) {
		RedisSessionRevocations revocations = RedisSessionRevocations.builder(store).clock(clock).build();
		this.closing.add(revocations::close);
		return revocations;
	}

	/**
	 * @return synchronous commands on a connection of the test's own, to look at keys and statistics; it queues its
	 * commands while Redis restarts (the stores' client refuses them)
	 */
	public RedisCommands<String, String> inspector() {
		if (this.inspector == null) {
			this.inspectorClient = RedisClient.create();
			this.inspector = this.inspectorClient.connect(uri());
		}
		return this.inspector.sync();
	}

	/** Kills the server (SIGKILL, like a crash). */
	public void kill() {
		this.server.kill();
	}

	/**
	 * Starts the server again on the same port and waits until every store and record built here has reconnected
	 * (Lettuce reconnects by itself, with a growing delay), so that the test's next request is not refused for a
	 * reconnection still pending.
	 */
	public void restart() {
		this.server.restart();
		for (Supplier<Mono<?>> answers : this.connected) {
			Mono.defer(answers)
				.retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofMillis(20)))
				.block(TIMEOUT);
		}
	}

	@Override
	public void close() {
		this.closing.forEach(Runnable::run);
		if (this.inspector != null) {
			this.inspector.close();
		}
		if (this.inspectorClient != null) {
			this.inspectorClient.shutdown();
		}
		this.client.shutdown();
		this.server.close();
	}

	private RedisSessionStore connected(RedisSessionStore store) {
		this.closing.add(store::close);
		this.connected.add(store::ping);
		store.ping().block(TIMEOUT);
		return store;
	}
}
