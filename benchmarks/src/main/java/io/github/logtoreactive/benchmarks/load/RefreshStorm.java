package io.github.logtoreactive.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.test.Endpoint;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.RefreshTokenRotation;

/**
 * Issue 8, measurement 2: N concurrent requests (1, 10, 100, 1000) of ONE signed-in session whose access token has
 * expired, against a token endpoint with 50 ms latency. Ours: {@code GET /token} of the {@code logto} app calls
 * {@code /echo} through {@code LogtoExchangeFilterFunctions.userToken}. Spring Security: the same route of the
 * {@code spring} app through {@code ServerOAuth2AuthorizedClientExchangeFilterFunction} +
 * {@code DefaultReactiveOAuth2AuthorizedClientManager} with the refresh-token provider. Counted: token-endpoint calls
 * (at the provider), statuses, latency percentiles, and whether the session still works afterwards.
 *
 * <p>
 * Access tokens live 130 s and both sides refresh 60 s before expiry (their defaults), so a token needs a refresh 70 s
 * after sign-in: every session is signed in first (one user per level), then the harness waits 72 s, then the storms
 * run (after one unreported storm per side that warms the refresh path), each followed by the same N requests with
 * the now fresh token (the route's own latency at that N).
 *
 * <pre>
 * bin/benchmarks storm     # or: java -cp ... io.github.logtoreactive.benchmarks.load.RefreshStorm [rotation=ALWAYS]
 * </pre>
 */
public final class RefreshStorm {

	private static final int[] LEVELS = { 1, 10, 100, 1000 };

	private static final Duration TOKEN_LATENCY = Duration.ofMillis(50);

	/**
	 * Access-token lifetime at the provider: 130 s, so both sides (60 s skew; ours caps its skew at half the lifetime)
	 * want a refresh 70 s after sign-in, and a refreshed token stays fresh for the rest of the run.
	 */
	private static final Duration TOKEN_TTL = Duration.ofSeconds(130);

	private static final Duration WAIT = Duration.ofSeconds(72);

	/** Concurrency of the storm that warms each side's refresh path before the measured ones. */
	private static final int WARM_UP_STORM = 100;

	private RefreshStorm() {
	}

	record Outcome(int concurrency, long tokenCalls, Map<Integer, Integer> statuses, double p50, double p99,
			double max, long freshTokenCalls, Map<Integer, Integer> freshStatuses, double freshP99) {
	}

	public static void main(String[] args) {
		RefreshTokenRotation rotation = RefreshTokenRotation.ALWAYS;
		for (String arg : args) {
			if (arg.startsWith("rotation=")) {
				rotation = RefreshTokenRotation.valueOf(arg.substring("rotation=".length()));
			}
		}
		int oursPort = AppProcess.freePort();
		int springPort = AppProcess.freePort();
		try (LogtoTestServer idp = Harness.identityProvider(List.of(oursPort, springPort), TOKEN_TTL, rotation)) {
			var http = Harness.httpClient();
			try {
				AppProcess ours = AppProcess.start("storm-logto", oursPort,
						Harness.logtoProperties(idp, oursPort, null));
				AppProcess spring = AppProcess.start("storm-spring", springPort, Harness.springProperties(idp));
				// the route, warmed with a session whose token is fresh (user-8)
				idp.autoLogin("user-" + Harness.USERS);
				warmRoute(ours, Harness.signInLogto(http, ours.baseUrl()));
				warmRoute(spring, Harness.signInSpring(http, spring.baseUrl()));
				// one user per level: Spring Security keeps authorized clients per principal, so sessions of the same
				// user would share (and refresh) one access token
				Map<Integer, String> oursSessions = new LinkedHashMap<>();
				Map<Integer, String> springSessions = new LinkedHashMap<>();
				for (int i = 0; i < LEVELS.length; i++) {
					idp.autoLogin("user-" + (i + 1));
					oursSessions.put(LEVELS[i], Harness.signInLogto(http, ours.baseUrl()));
					springSessions.put(LEVELS[i], Harness.signInSpring(http, spring.baseUrl()));
				}
				// one more session per side (user-7) for a storm that warms the refresh path and is not reported
				idp.autoLogin("user-" + (Harness.USERS - 1));
				String oursWarm = Harness.signInLogto(http, ours.baseUrl());
				String springWarm = Harness.signInSpring(http, spring.baseUrl());
				System.out.println("signed in; waiting " + WAIT.toSeconds() + " s until the access tokens need a refresh");
				Harness.sleep(WAIT);
				idp.faults().latency(Endpoint.TOKEN, TOKEN_LATENCY);
				System.out.println("warm-up storms (not reported):");
				storm(idp, ours, oursWarm, WARM_UP_STORM, true);
				storm(idp, spring, springWarm, WARM_UP_STORM, false);
				String machine = Harness.machine();
				List<Outcome> oursOutcomes = new ArrayList<>();
				List<Outcome> springOutcomes = new ArrayList<>();
				for (int level : LEVELS) {
					oursOutcomes.add(storm(idp, ours, oursSessions.get(level), level, true));
					springOutcomes.add(storm(idp, spring, springSessions.get(level), level, false));
				}
				report(rotation, machine, oursOutcomes, springOutcomes);
			}
			finally {
				AppProcess.stopAll();
			}
		}
	}

	private static void warmRoute(AppProcess app, String cookie) {
		try (StormClient client = new StormClient(16)) {
			for (int i = 0; i < 100; i++) {
				client.fire(app.baseUrl() + "/token", cookie, 16);
			}
		}
	}

	private static Outcome storm(LogtoTestServer idp, AppProcess app, String cookie, int concurrency, boolean ours) {
		try (StormClient client = new StormClient(concurrency)) {
			client.warm(app.baseUrl(), concurrency);
			long before = idp.requestCount(Endpoint.TOKEN);
			List<StormClient.Response> responses = client.fire(app.baseUrl() + "/token", cookie, concurrency);
			long calls = idp.requestCount(Endpoint.TOKEN) - before;
			Map<String, String> jar = Harness.parseCookieHeader(cookie);
			boolean updated = false;
			for (StormClient.Response r : responses) {
				if (!updated && r.status() == 200 && !r.setCookies().isEmpty()) {
					Harness.remember(jar, r.setCookies());
					updated = true;
				}
			}
			// the same N again with the cookies the storm set: the token is fresh now, so this is the route's own
			// latency at this concurrency (the floor of the storm's), and it shows the session survived
			long beforeFresh = idp.requestCount(Endpoint.TOKEN);
			List<StormClient.Response> fresh = client.fire(app.baseUrl() + "/token", Harness.cookieHeader(jar),
					concurrency);
			long freshCalls = idp.requestCount(Endpoint.TOKEN) - beforeFresh;
			long[] nanos = responses.stream().mapToLong(StormClient.Response::nanos).toArray();
			long[] freshNanos = fresh.stream().mapToLong(StormClient.Response::nanos).toArray();
			Outcome outcome = new Outcome(concurrency, calls, statuses(responses), Harness.percentileMillis(nanos, 50),
					Harness.percentileMillis(nanos, 99), Harness.percentileMillis(nanos, 100), freshCalls,
					statuses(fresh), Harness.percentileMillis(freshNanos, 99));
			System.out.printf("%-15s N=%4d token calls %3d statuses %s p50 %7.1f ms p99 %7.1f ms max %7.1f ms | "
					+ "fresh: token calls %d statuses %s p99 %7.1f ms%n", ours ? "logto-reactive" : "Spring Security",
					concurrency, calls, outcome.statuses(), outcome.p50(), outcome.p99(), outcome.max(), freshCalls,
					outcome.freshStatuses(), outcome.freshP99());
			return outcome;
		}
	}

	private static Map<Integer, Integer> statuses(List<StormClient.Response> responses) {
		Map<Integer, Integer> statuses = new java.util.TreeMap<>();
		responses.forEach(r -> statuses.merge(r.status(), 1, Integer::sum));
		return statuses;
	}

	private static void report(RefreshTokenRotation rotation, String machine, List<Outcome> ours,
			List<Outcome> spring) {
		StringBuilder md = new StringBuilder();
		md.append("### Refresh storm: N concurrent requests of one session with an expired access token, token endpoint +")
			.append(TOKEN_LATENCY.toMillis()).append(" ms, refresh-token rotation ").append(rotation).append("\n\n");
		md.append(machine).append("\n\n");
		md.append("\"fresh\" = the same N requests right after, with the cookies the storm set (token fresh): the "
				+ "route's own latency at that concurrency, and proof that the session survived.\n\n");
		md.append("| N | side | token calls | statuses | p50 / p99 / max ms | fresh: token calls, statuses | fresh: p99 ms "
				+ "| p99 added by the refresh |\n");
		md.append("|---|---|---|---|---|---|---|---|\n");
		for (int i = 0; i < ours.size(); i++) {
			row(md, "ours", ours.get(i));
			row(md, "Spring Security", spring.get(i));
		}
		Harness.report("storm-" + rotation.name().toLowerCase(java.util.Locale.ROOT), md.toString());
	}

	private static void row(StringBuilder md, String side, Outcome o) {
		md.append(String.format("| %d | %s | %d | %s | %.1f / %.1f / %.1f | %d, %s | %.1f | %+.1f ms |%n", o.concurrency(),
				side, o.tokenCalls(), format(o.statuses()), o.p50(), o.p99(), o.max(), o.freshTokenCalls(),
				format(o.freshStatuses()), o.freshP99(), o.p99() - o.freshP99()));
	}

	private static String format(Map<Integer, Integer> statuses) {
		StringBuilder sb = new StringBuilder();
		statuses.forEach((status, count) -> sb.append(sb.length() == 0 ? "" : " ")
			.append(count).append("×").append(status == -1 ? "error" : status));
		return sb.toString();
	}
}
