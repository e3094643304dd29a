package io.github.logtoreactive.benchmarks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.store.RealisticSessions;
import io.github.logtoreactive.web.HttpAnswer;
import io.github.logtoreactive.web.LogtoRouteHandler;
import io.github.logtoreactive.web.RequestSession;
import io.github.logtoreactive.web.RouteRequest;
import io.github.logtoreactive.web.RequestSessions;
import io.github.logtoreactive.web.SessionStorage;

/**
 * What the library does for one signed-in request with cookie sessions, without the HTTP server: open the request's
 * session from its cookies, read the ID token's claims through its client (the cookie decoded from the codec's memory
 * of recent values, the session reconciled with the refresh coordinator), and commit, which sets no cookie when
 * nothing changed. The same as {@code GET /claims} of the load test's server (b), minus WebFlux.
 * <p>
 * The session cookie's value is a new {@link String} on every call, decoded from the header's bytes, as an HTTP server
 * hands it over: its hash is not cached. That string ({@code 24 + 16 + length} bytes) is part of the allocation
 * figure; {@link #cookieCopyOnly()} measures it alone.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SignedInRequest -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignedInRequestBenchmark {

	private static final String SECRET = "q3J7vN9xT2mL5pR8sW1yZ4bC6dF0gH2jK5nP8rT1vX4=";

	/** Access tokens in the session. */
	@Param({ "1", "10" })
	public int tokens;

	private RequestSessions sessions;

	private String cookieName;

	private byte[] cookieBytes;

	private final Map<String, String> cookies = new HashMap<>();

	private final Sink<IdTokenClaims> sink = new Sink<>();

	private final Sink<HttpAnswer> decision = new Sink<>();

	private LogtoRouteHandler handler;

	/** A request for {@code GET /claims} from an API client. */
	private static final RouteRequest REQUEST = new RouteRequest() {

		private final URI uri = URI.create("http://127.0.0.1:8080/claims");

		@Override
		public String method() {
			return "GET";
		}

		@Override
		public URI uri() {
			return this.uri;
		}

		@Override
		public @Nullable String queryParameter(String name) {
			return null;
		}

		@Override
		public @Nullable String header(String name) {
			return null;
		}
	};

	@Setup
	public void setUp() {
		LogtoSession session = RealisticSessions.withTokens(this.tokens);
		// a minute after the cookie was written: fresh, not due for renewal
		Clock clock = Clock.fixed(RealisticSessions.NOW.plusSeconds(60), ZoneOffset.UTC);
		LogtoEngine engine = LogtoEngine.builder(LogtoConfig.builder()
			.endpoint("http://127.0.0.1:9")
			.appId(RealisticSessions.APP_ID)
			.appSecret("bench-secret")
			.build()).clock(clock).build();
		CookieSecrets secrets = CookieSecrets.of(RealisticSessions.APP_ID, SECRET);
		SessionCookieSettings settings = SessionCookieSettings.builder().build();
		SessionCookieCodec codec = SessionCookieCodec.create(secrets, settings);
		TransactionCookieCodec transactions = TransactionCookieCodec.create(secrets, settings);
		this.sessions = RequestSessions.of(engine, SessionStorage.inCookies(codec, transactions));
		this.handler = LogtoRouteHandler.builder().sessions(this.sessions).build();
		List<String> values = codec.encode(session, RealisticSessions.NOW).values();
		if (values.size() != 1) {
			throw new IllegalStateException("expected one chunk");
		}
		this.cookieName = settings.cookieName();
		this.cookieBytes = values.get(0).getBytes(StandardCharsets.ISO_8859_1);
		// a browser's other cookies, as a real request carries
		this.cookies.put("theme", "dark");
		this.cookies.put("_ga", "GA1.1.1234567890.1700000000");
		// and the binding cookie of the sign-in, which the browser keeps sending for a while after it
		this.cookies.put(transactions.bindingCookieName(), TransactionCookieCodec.newBinding());
		if (!signedInRequest().isEmpty() || !protectedSignedInRequest().isEmpty()) {
			throw new IllegalStateException("an unchanged session set a cookie");
		}
	}

	/** One signed-in request: open, read the claims, commit (no cookie to set). */
	@Benchmark
	public List<SetCookie> signedInRequest() {
		this.cookies.put(this.cookieName, new String(this.cookieBytes, StandardCharsets.ISO_8859_1));
		RequestSession session = this.sessions.open(this.cookies);
		session.client().getIdTokenClaims().subscribe(this.sink);
		this.sink.take();
		return session.commit();
	}

	/**
	 * {@link #signedInRequest()} on a protected path, as the load test's server (b) serves {@code GET /claims}: the
	 * sign-in guard decides first (during {@code protect}, without a subscription, when nothing needs I/O), then the
	 * handler reads the claims.
	 */
	@Benchmark
	public List<SetCookie> protectedSignedInRequest() {
		this.cookies.put(this.cookieName, new String(this.cookieBytes, StandardCharsets.ISO_8859_1));
		RequestSession session = this.sessions.open(this.cookies);
		this.handler.protect(REQUEST, session.client(), true, List.of()).subscribe(this.decision);
		this.decision.expectEmpty();
		session.client().getIdTokenClaims().subscribe(this.sink);
		this.sink.take();
		return session.commit();
	}

	/** The part of {@link #signedInRequest()} that stands for the HTTP server: the cookie value as a new string. */
	@Benchmark
	public String cookieCopyOnly() {
		String value = new String(this.cookieBytes, StandardCharsets.ISO_8859_1);
		this.cookies.put(this.cookieName, value);
		return value;
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

		/** Fails unless the Mono completed empty, synchronously (the guard let the request through). */
		void expectEmpty() {
			if (this.error != null || this.value != null) {
				throw new IllegalStateException("the guard did not let the signed-in request through");
			}
		}
	}
}
