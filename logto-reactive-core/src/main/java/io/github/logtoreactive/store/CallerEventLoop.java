package io.github.logtoreactive.store;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Brings a Redis answer back to the Netty event loop that sent the command. Lettuce signals every answer of a
 * connection on that connection's one event-loop thread; without the way back, everything a request does after its
 * Redis read (the sign-in guard, the application's handler, the response's serialization and write) ran on that one
 * thread for every request, while the HTTP server's event loops waited. In the load test's profile of the Redis
 * sessions server, that thread took 107 of the 145 event-loop samples per 1,000 requests/s (BENCHMARKS.md).
 *
 * <p>
 * A command sent from any other thread (the application's startup, a test's main thread, a {@code boundedElastic}
 * worker) is answered on Lettuce's thread, as before. The calling thread's event loop is found through Netty's
 * {@code ThreadExecutorMap}, which every Netty event loop sets for its own thread; when a Netty version lacks it,
 * nothing moves. Never blocks: the answer is handed to the event loop's task queue.
 */
final class CallerEventLoop {

	/** The scheduler of the current thread's event loop, or {@link #NONE}; computed once per thread. */
	private static final FastThreadLocal<Scheduler> SCHEDULER = new FastThreadLocal<>() {
		@Override
		protected Scheduler initialValue() {
			EventExecutor loop = currentLoop();
			return loop == null ? NONE : Schedulers.fromExecutor(loop);
		}
	};

	/** Stands for "not on an event loop". */
	private static final Scheduler NONE = Schedulers.immediate();

	private CallerEventLoop() {
	}

	/**
	 * @param answer a command's answer, signalled on Lettuce's thread (or a timeout's)
	 * @param <T> its type
	 * @return the same answer, signalled on the event loop of the thread that subscribes, when that is one
	 */
	static <T> Mono<T> answerOnCaller(Mono<T> answer) {
		return Mono.defer(() -> {
			Scheduler caller = SCHEDULER.get();
			return caller == NONE ? answer : answer.publishOn(caller);
		});
	}

	private static @Nullable EventExecutor currentLoop() {
		try {
			return ThreadExecutorMap.currentExecutor();
		}
		catch (LinkageError ex) {
			return null;
		}
	}
}
