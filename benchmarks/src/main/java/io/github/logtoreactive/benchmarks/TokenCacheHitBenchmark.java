package io.github.logtoreactive.benchmarks;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.RealisticSessions;

/**
 * The token-cache hit path: {@code client.getAccessToken(resource)} when the session already holds a fresh token for
 * the resource, i.e. what every request of a signed-in user costs once its tokens are cached. Measured: creating the
 * request's {@link LogtoClient}, assembling the {@link Mono} and subscribing to it (it completes synchronously: no
 * scheduler, no I/O). The session is bound as it is after the request's cookie was read (a ready {@link Mono}), so the
 * figure is the library's own work. {@code getIdTokenClaims} is the same for the ID token's claims ({@code GET /claims}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TokenCacheHit -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenCacheHitBenchmark {

	/** Access tokens already in the session (resource tokens; the one asked for is the first). */
	@Param({ "1", "10" })
	public int tokens;

	private LogtoEngine engine;

	private SessionBinding binding;

	private String resource;

	private final Sink<String> tokenSink = new Sink<>();

	private final Sink<IdTokenClaims> claimsSink = new Sink<>();

	@Setup
	public void setUp() {
		LogtoSession session = RealisticSessions.session(this.tokens, 0);
		this.resource = session.accessTokens().keySet().stream().map(TokenKey::resource).filter(r -> r != null)
			.findFirst().orElseThrow();
		// the tokens were issued at NOW and live an hour: a minute later they are fresh
		this.engine = LogtoEngine.builder(LogtoConfig.builder()
			.endpoint("http://127.0.0.1:9")
			.appId(RealisticSessions.APP_ID)
			.appSecret("bench-secret")
			.build()).clock(Clock.fixed(RealisticSessions.NOW.plusSeconds(60), ZoneOffset.UTC)).build();
		this.binding = new ReadyBinding(session);
		if (!session.accessToken(TokenKey.resource(this.resource)).token().equals(getAccessToken())) {
			throw new IllegalStateException("not the cached token");
		}
		if (getIdTokenClaims() == null) {
			throw new IllegalStateException("no claims");
		}
	}

	@Benchmark
	public String getAccessToken() {
		this.engine.client(this.binding).getAccessToken(this.resource).subscribe(this.tokenSink);
		return this.tokenSink.take();
	}

	@Benchmark
	public IdTokenClaims getIdTokenClaims() {
		this.engine.client(this.binding).getIdTokenClaims().subscribe(this.claimsSink);
		return this.claimsSink.take();
	}

	/** A session binding whose session was already read: {@code load()} is a ready {@link Mono}. */
	private static final class ReadyBinding implements SessionBinding {

		private final Mono<LogtoSession> loaded;

		ReadyBinding(LogtoSession session) {
			this.loaded = Mono.just(session);
		}

		@Override
		public Mono<LogtoSession> load() {
			return this.loaded;
		}

		@Override
		public Mono<LogtoSession> save(LogtoSession session) {
			return Mono.just(session);
		}

		@Override
		public Mono<Void> delete() {
			return Mono.empty();
		}
	}

	/** A reusable subscriber: the measurement includes the library's subscription, not a blocking wrapper. */
	private static final class Sink<T> implements CoreSubscriber<T> {

		private @Nullable T value;

		private @Nullable Throwable error;

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(T next) {
			this.value = next;
		}

		@Override
		public void onError(Throwable throwable) {
			this.error = throwable;
		}

		@Override
		public void onComplete() {
		}

		T take() {
			if (this.error != null) {
				throw new IllegalStateException(this.error);
			}
			T result = this.value;
			if (result == null) {
				throw new IllegalStateException("the Mono did not complete synchronously");
			}
			this.value = null;
			return result;
		}
	}
}
