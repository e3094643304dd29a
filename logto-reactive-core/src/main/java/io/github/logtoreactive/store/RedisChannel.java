package io.github.logtoreactive.store;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.logtoreactive.SessionStoreException;

/**
 * One Redis connection of the store package and the rules every command on it follows: connected once, lazily and
 * without blocking (or handed over by the application), bounded by a timeout on a scheduler, and failing as
 * {@link SessionStoreException} (or with the {@link IllegalArgumentException} of a caller's bad argument). The
 * Redis session store and the Redis record of ended sessions run their commands through it, and share one when the
 * record is built on the store, so that a request's two reads go out together on one connection.
 */
final class RedisChannel implements AutoCloseable {

	private final Mono<RedisReactiveCommands<String, byte[]>> commands;

	private final AtomicReference<@Nullable StatefulRedisConnection<String, byte[]>> ownedConnection =
			new AtomicReference<>();

	private final Duration timeout;

	private final Scheduler scheduler;

	private RedisChannel(@Nullable Mono<RedisReactiveCommands<String, byte[]>> commands,
			@Nullable RedisClient client, @Nullable RedisURI uri, Duration timeout, Scheduler scheduler) {
		this.timeout = timeout;
		this.scheduler = scheduler;
		if (commands != null) {
			this.commands = commands;
		}
		else {
			RedisClient connectingClient = Objects.requireNonNull(client);
			RedisURI at = Objects.requireNonNull(uri);
			// Connected once, then kept: Lettuce reconnects it by itself. A failed connect is not cached. Started on
			// boundedElastic: connectAsync takes a lock of Lettuce's, which another connection of the same client
			// being opened at the same moment holds, and an event loop must not wait for it.
			this.commands = Mono
				.fromFuture(() -> connectingClient.connectAsync(RedisSessionStore.CODEC, at).toCompletableFuture(),
						true)
				.subscribeOn(Schedulers.boundedElastic())
				.doOnNext(this.ownedConnection::set)
				.cache((opened) -> Duration.ofMillis(Long.MAX_VALUE), (ex) -> Duration.ZERO, () -> Duration.ZERO)
				.map(StatefulRedisConnection::reactive);
		}
	}

	/**
	 * @param connection a connection opened with {@link RedisSessionStore#CODEC}; the application closes it
	 * @param timeout the longest wait for any command
	 * @param scheduler where timeouts fire
	 * @return the channel
	 */
	static RedisChannel over(StatefulRedisConnection<String, byte[]> connection, Duration timeout,
			Scheduler scheduler) {
		return new RedisChannel(Mono.just(connection.reactive()), null, null, timeout, scheduler);
	}

	/**
	 * @param client the Lettuce client (its lifecycle stays the application's)
	 * @param uri where Redis is
	 * @param timeout the longest wait for any command, connecting included
	 * @param scheduler where timeouts fire
	 * @return the channel, connecting on first use; {@link #close()} closes that connection
	 */
	static RedisChannel connecting(RedisClient client, RedisURI uri, Duration timeout, Scheduler scheduler) {
		return new RedisChannel(null, client, uri, timeout, scheduler);
	}

	/**
	 * @param timeout the longest wait for any command of the new channel
	 * @param scheduler where its timeouts fire
	 * @return a channel on this one's connection (connecting it if needed) that never closes it
	 */
	RedisChannel sharing(Duration timeout, Scheduler scheduler) {
		return new RedisChannel(this.commands, null, null, timeout, scheduler);
	}

	/**
	 * @param operation what the command does, for the error's message ("load", "record an ended session")
	 * @param command the command on the connection
	 * @param <T> its result
	 * @return its result within the timeout; errors with {@link SessionStoreException} naming {@code operation}
	 */
	<T> Mono<T> run(String operation, Function<RedisReactiveCommands<String, byte[]>, Mono<T>> command) {
		return this.commands.flatMap(command)
			.timeout(this.timeout, this.scheduler)
			.onErrorMap((ex) -> !(ex instanceof SessionStoreException) && !(ex instanceof IllegalArgumentException),
					(ex) -> new SessionStoreException((ex instanceof TimeoutException)
							? "Redis did not answer " + operation + " within " + this.timeout.toMillis() + " ms"
							: "Redis failed to " + operation + ": " + ex.getClass().getSimpleName(), ex));
	}

	/**
	 * Runs a script by its digest ({@code EVALSHA}), sending its text ({@code EVAL}) when Redis does not know it yet
	 * (first use, or after a restart).
	 * @param operation what the script does, for the error's message
	 * @param script the script
	 * @param keys its keys
	 * @param args its arguments
	 * @return its integer result within the timeout; errors as {@link #run}
	 */
	Mono<Long> script(String operation, RedisScripts.Script script, String[] keys, byte[]... args) {
		return run(operation, (redis) -> {
			Flux<Long> byDigest = redis.evalsha(script.sha(), ScriptOutputType.INTEGER, keys, args);
			return byDigest.next()
				.onErrorResume(RedisNoScriptException.class,
						(ex) -> redis.<Long>eval(script.text(), ScriptOutputType.INTEGER, keys, args).next());
		});
	}

	/**
	 * @return the timeout of every command
	 */
	Duration timeout() {
		return this.timeout;
	}

	/**
	 * Closes the connection this channel opened itself, without waiting; a connection handed over is left alone.
	 */
	@Override
	public void close() {
		StatefulRedisConnection<String, byte[]> connection = this.ownedConnection.getAndSet(null);
		if (connection != null) {
			connection.closeAsync();
		}
	}
}
