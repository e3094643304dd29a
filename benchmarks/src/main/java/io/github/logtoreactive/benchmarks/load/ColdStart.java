package io.github.logtoreactive.benchmarks.load;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import io.github.logtoreactive.test.Endpoint;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.RefreshTokenRotation;

/**
 * Issue 8, measurement 3: a freshly started app, then 50 browsers signing in at once (sign-in redirect, provider,
 * callback with code exchange and ID-token verification). Counted at the provider: discovery and JWKS requests from
 * process start to the end of the batch, for ours and for Spring Security {@code oauth2Login}.
 *
 * <pre>
 * bin/benchmarks cold      # or: java -cp ... io.github.logtoreactive.benchmarks.load.ColdStart [signins=50]
 * </pre>
 */
public final class ColdStart {

	private ColdStart() {
	}

	record Outcome(String side, long discoveryAtStart, long jwksAtStart, long discovery, long jwks, long tokenCalls,
			int succeeded, int failed, double p50, double max, String firstFailure) {
	}

	public static void main(String[] args) {
		int signIns = 50;
		for (String arg : args) {
			if (arg.startsWith("signins=")) {
				signIns = Integer.parseInt(arg.substring("signins=".length()));
			}
		}
		int oursPort = AppProcess.freePort();
		int springPort = AppProcess.freePort();
		try (LogtoTestServer idp = Harness.identityProvider(List.of(oursPort, springPort), Duration.ofHours(1),
				RefreshTokenRotation.AFTER_70_PERCENT)) {
			HttpClient http = Harness.httpClient();
			List<Outcome> outcomes = new ArrayList<>();
			try {
				outcomes.add(run("ours (LogtoWebFilter)", idp, http, signIns,
						() -> AppProcess.start("cold-logto", oursPort, Harness.logtoProperties(idp, oursPort, null)),
						Harness::signInLogto));
				outcomes.add(run("Spring Security oauth2Login", idp, http, signIns,
						() -> AppProcess.start("cold-spring", springPort, Harness.springProperties(idp)),
						Harness::signInSpring));
			}
			finally {
				AppProcess.stopAll();
			}
			StringBuilder md = new StringBuilder();
			md.append("### Cold start: ").append(signIns)
				.append(" concurrent sign-ins right after the app started (provider requests from process start)\n\n");
			md.append(Harness.machine()).append("\n\n");
			md.append("| app | discovery at startup | JWKS at startup | discovery, total | JWKS, total | token calls | "
					+ "sign-ins OK / failed | sign-in p50 / max ms |\n");
			md.append("|---|---|---|---|---|---|---|---|\n");
			for (Outcome o : outcomes) {
				md.append(String.format("| %s | %d | %d | %d | %d | %d | %d / %d | %.0f / %.0f |%n", o.side(),
						o.discoveryAtStart(), o.jwksAtStart(), o.discovery(), o.jwks(), o.tokenCalls(), o.succeeded(),
						o.failed(), o.p50(), o.max()));
				if (o.firstFailure() != null) {
					md.append("\nFirst failure of ").append(o.side()).append(": ").append(o.firstFailure()).append("\n");
				}
			}
			Harness.report("cold", md.toString());
		}
	}

	private static Outcome run(String side, LogtoTestServer idp, HttpClient http, int signIns,
			java.util.function.Supplier<AppProcess> start, BiFunction<HttpClient, String, String> signIn) {
		idp.reset();
		AppProcess app = start.get();
		long discoveryAtStart = idp.requestCount(Endpoint.DISCOVERY);
		long jwksAtStart = idp.requestCount(Endpoint.JWKS);
		ExecutorService pool = Executors.newFixedThreadPool(signIns);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Long>> futures = new ArrayList<>();
			for (int i = 0; i < signIns; i++) {
				futures.add(pool.submit(() -> {
					go.await();
					long begin = System.nanoTime();
					signIn.apply(http, app.baseUrl());
					return System.nanoTime() - begin;
				}));
			}
			go.countDown();
			List<Long> nanos = new ArrayList<>();
			int failed = 0;
			String firstFailure = null;
			for (Future<Long> future : futures) {
				try {
					nanos.add(future.get(120, TimeUnit.SECONDS));
				}
				catch (Exception ex) {
					failed++;
					if (firstFailure == null) {
						firstFailure = String.valueOf(ex.getCause() != null ? ex.getCause().getMessage() : ex);
					}
				}
			}
			long[] values = nanos.stream().mapToLong(Long::longValue).toArray();
			Outcome outcome = new Outcome(side, discoveryAtStart, jwksAtStart, idp.requestCount(Endpoint.DISCOVERY),
					idp.requestCount(Endpoint.JWKS), idp.requestCount(Endpoint.TOKEN), nanos.size(), failed,
					values.length == 0 ? 0 : Harness.percentileMillis(values, 50),
					values.length == 0 ? 0 : Harness.percentileMillis(values, 100), firstFailure);
			System.out.println(outcome);
			return outcome;
		}
		finally {
			pool.shutdownNow();
			app.close();
		}
	}
}
