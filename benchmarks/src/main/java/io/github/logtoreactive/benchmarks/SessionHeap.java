package io.github.logtoreactive.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.RealisticSessions;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.web.RequestSession;
import io.github.logtoreactive.web.RequestSessions;
import io.github.logtoreactive.web.SessionStorage;

/**
 * Heap the library keeps per session with cookie sessions, measured as the difference of the used heap (after full
 * collections) around {@code sessions} distinct sessions, each making one signed-in request (read its cookie, its ID
 * token's claims and an access token, commit): the refresh coordinator's lanes, the codec's memory of decoded cookies
 * and the ID-token claims memory. Then again once the lanes' retention has passed (the clock moved on and one more
 * request swept them): what stays is the two memories, bounded by their slots whatever the number of sessions.
 * Every cookie is encoded and decoded for real, so each session holds its own strings.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.logtoreactive.benchmarks.SessionHeap [sessions] [tokens]
 * </pre>
 */
public final class SessionHeap {

	private static final String SECRET = "q3J7vN9xT2mL5pR8sW1yZ4bC6dF0gH2jK5nP8rT1vX4=";

	private SessionHeap() {
	}

	public static void main(String[] args) {
		int count = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		int tokens = (args.length > 1) ? Integer.parseInt(args[1]) : 1;
		MovableClock clock = new MovableClock(RealisticSessions.NOW.plusSeconds(60));
		LogtoEngine engine = LogtoEngine.builder(LogtoConfig.builder()
			.endpoint("http://127.0.0.1:9")
			.appId(RealisticSessions.APP_ID)
			.appSecret("bench-secret")
			.build()).clock(clock).build();
		CookieSecrets secrets = CookieSecrets.of(RealisticSessions.APP_ID, SECRET);
		SessionCookieSettings settings = SessionCookieSettings.builder().build();
		SessionCookieCodec codec = SessionCookieCodec.create(secrets, settings);
		RequestSessions sessions = RequestSessions.of(engine,
				SessionStorage.inCookies(codec, TransactionCookieCodec.create(secrets, settings)));
		LogtoSession base = RealisticSessions.session(tokens, 0);
		String resource = base.accessTokens().keySet().stream().map(TokenKey::resource).filter(r -> r != null)
			.findFirst().orElseThrow();
		// the browsers' side, not measured: one cookie per session
		List<String> cookies = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			LogtoSession session = base.withId("session-" + i + "-" + Long.toString(i * 7_919L, 36),
					RealisticSessions.NOW);
			cookies.add(codec.encode(session, RealisticSessions.NOW).values().get(0));
		}
		request(sessions, settings, cookies.get(0), resource);
		long before = usedHeap();
		for (String cookie : cookies) {
			request(sessions, settings, cookie, resource);
		}
		long afterRequests = usedHeap();
		clock.advance(LogtoConfig.DEFAULT_REFRESH_RESULT_RETENTION.multipliedBy(3));
		request(sessions, settings, cookies.get(0), resource);
		long afterRetention = usedHeap();
		System.out.printf("sessions=%d tokens=%d cookie=%d chars%n", count, tokens, cookies.get(0).length());
		System.out.printf("| after one request each (lanes + memories) | %,d bytes | %,d bytes per session |%n",
				afterRequests - before, (afterRequests - before) / count);
		System.out.printf("| after the lanes' retention (memories only) | %,d bytes | %,d bytes per session |%n",
				afterRetention - before, (afterRetention - before) / count);
	}

	private static void request(RequestSessions sessions, SessionCookieSettings settings, String cookie,
			String resource) {
		RequestSession session = sessions.open(Map.of(settings.cookieName(), new String(cookie)));
		if (session.client().getIdTokenClaims().block() == null
				|| session.client().getAccessToken(resource).block() == null) {
			throw new IllegalStateException("not signed in");
		}
		if (!session.commit().isEmpty()) {
			throw new IllegalStateException("an unchanged session set a cookie");
		}
	}

	private static long usedHeap() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	/** A clock the program moves forward, past the coordinator's retention of idle lanes. */
	private static final class MovableClock extends Clock {

		private volatile Instant now;

		MovableClock(Instant start) {
			this.now = start;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}
	}
}
