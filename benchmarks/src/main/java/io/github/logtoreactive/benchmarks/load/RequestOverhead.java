package io.github.logtoreactive.benchmarks.load;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.store.RedisServerHarness;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.RefreshTokenRotation;

/**
 * Issue 8, measurement 1: requests/s and p50/p99 latency of a signed-in {@code GET /claims} for (a) plain WebFlux,
 * (b) {@code LogtoWebFilter} with cookie sessions, (c) with Redis, (d) Spring Security {@code oauth2Login}. Each server
 * is its own JVM; {@code wrk} is a separate process on loopback; servers are measured in alternating rounds
 * (a, b, c, d, a, b, ...), each measurement after its own warm-up, after a longer JIT warm-up of every server.
 *
 * <pre>
 * bin/benchmarks load            # or, after building:
 * java -cp "benchmarks/target/classes:benchmarks/target/lib/*" io.github.logtoreactive.benchmarks.load.RequestOverhead \
 *     [rounds=3] [seconds=10] [warmup=5] [connections=32] [threads=2] [initial=20] [servers=4] [settle=120] [decompose=0] [netty=0]
 * </pre>
 * After the JIT warm-up, each server keeps being warmed up, 5 s at a time, until its JIT compiler threads used less
 * than 2 % of its CPU during the last 5 s, or {@code settle} seconds have passed ({@code settle=0}: no such wait). On
 * 2 cores, a server still spent 5-8 % of its CPU in the compiler after the 20 s warm-up (Spring Security's 21 %);
 * each round also reports the compiler's CPU per request, so a figure measured while it compiles says so.
 * {@code servers=2} runs (a) and (b) only, e.g. for a profile of the cookie-session filter. {@code decompose=1} adds
 * rows that split (b)'s cost over its parts, on the same JVMs: (a) receiving (b)'s {@code Cookie} header (what
 * carrying the cookie costs before any code reads it), (a) with a handler that declares an argument (what Spring's
 * argument resolution costs), and (b) on a path it does not protect, whose handler never reads the session (what the
 * filter costs when a request passes through it), (b) on a protected path whose handler does not read the session
 * (what the sign-in guard's read of the session costs), and (b) with the client read from the exchange instead of a
 * {@code LogtoClient} argument. {@code netty=1} adds (n), the same answer on a plain Reactor Netty server without
 * Spring, and (nb), that server reading (b)'s cookie session through the core's {@code RequestSessions}
 * ({@link NettyBenchApp}): what the library costs without a web framework around it.
 */
public final class RequestOverhead {

	private RequestOverhead() {
	}

	record Server(String label, AppProcess app, String cookie, String path) {

		Server(String label, AppProcess app, String cookie) {
			this(label, app, cookie, "/claims");
		}
	}

	public static void main(String[] args) {
		Map<String, Integer> options = options(args);
		int rounds = options.get("rounds");
		int seconds = options.get("seconds");
		int warmup = options.get("warmup");
		int connections = options.get("connections");
		int threads = options.get("threads");
		int initial = options.get("initial");
		int count = options.get("servers");
		boolean decompose = options.get("decompose") != 0;
		boolean netty = options.get("netty") != 0;

		List<Integer> ports = List.of(AppProcess.freePort(), AppProcess.freePort(), AppProcess.freePort(),
				AppProcess.freePort(), AppProcess.freePort(), AppProcess.freePort());
		try (RedisServerHarness redis = RedisServerHarness.start();
				LogtoTestServer idp = Harness.identityProvider(ports, Duration.ofHours(1),
						RefreshTokenRotation.AFTER_70_PERCENT)) {
			HttpClient http = Harness.httpClient();
			List<Server> servers = new ArrayList<>();
			try {
				AppProcess a = AppProcess.start("a-plain", ports.get(0), Harness.plainProperties());
				servers.add(new Server("(a) plain WebFlux, no auth", a, null));
				AppProcess b = AppProcess.start("b-logto-cookie", ports.get(1),
						Harness.logtoProperties(idp, ports.get(1), null));
				servers.add(new Server("(b) LogtoWebFilter, cookie session", b, Harness.signInLogto(http, b.baseUrl())));
				if (count >= 3) {
					AppProcess c = AppProcess.start("c-logto-redis", ports.get(2),
							Harness.logtoProperties(idp, ports.get(2), redis.uri()));
					servers.add(new Server("(c) LogtoWebFilter, Redis session", c,
							Harness.signInLogto(http, c.baseUrl())));
				}
				if (count >= 4) {
					AppProcess d = AppProcess.start("d-spring-security", ports.get(3), Harness.springProperties(idp));
					servers.add(new Server("(d) Spring Security oauth2Login, WebSession", d,
							Harness.signInSpring(http, d.baseUrl())));
				}
				if (netty) {
					String cookie = servers.get(1).cookie();
					AppProcess n = AppProcess.start("n-netty-plain", ports.get(4), NettyBenchApp.class,
							List.of("server.port=" + ports.get(4), "bench.mode=plain"));
					servers.add(new Server("(n) plain Reactor Netty, no Spring, no auth", n, null));
					List<String> logto = new ArrayList<>(Harness.logtoProperties(idp, ports.get(5), null));
					logto.add("server.port=" + ports.get(5));
					logto.add("bench.mode=logto");
					AppProcess nb = AppProcess.start("nb-netty-logto", ports.get(5), NettyBenchApp.class, logto);
					servers.add(new Server("(nb) Reactor Netty, no Spring, (b)'s cookie session via the core", nb,
							cookie));
				}
				if (decompose) {
					String cookie = servers.get(1).cookie();
					servers.add(1, new Server("(a1) plain WebFlux, with (b)'s Cookie header", a, cookie));
					servers.add(2, new Server("(a2) plain WebFlux, handler with an argument", a, null,
							"/claims-exchange"));
					servers.add(3, new Server("(b0) LogtoWebFilter, unprotected path, session not read", b, cookie,
							"/open"));
					servers.add(4, new Server("(b2) LogtoWebFilter, protected path, handler without the session", b,
							cookie, "/guarded"));
					servers.add(6, new Server("(b1) LogtoWebFilter, client from the exchange, not an argument", b,
							cookie, "/claims-exchange"));
				}
				for (Server server : servers) {
					check(http, server);
				}
				// JIT warm-up of every server before the first round, so round 1 is not a measurement of the compiler
				for (Server server : servers) {
					Wrk.run(server.app().baseUrl() + server.path(), server.cookie(), threads, connections, initial);
				}
				settle(servers, threads, connections, options.get("settle"));
				run(servers, rounds, seconds, warmup, connections, threads, initial);
			}
			finally {
				AppProcess.stopAll();
			}
		}
	}

	private static void check(HttpClient http, Server server) {
		Map<String, String> jar = server.cookie() == null ? null : Harness.parseCookieHeader(server.cookie());
		HttpResponse<String> response = Harness.get(http, server.app().baseUrl() + server.path(), jar);
		if (response.statusCode() != 200 || !response.body().contains("\"sub\":\"user-1\"")
				|| !response.body().contains("alice@example.com")) {
			throw new IllegalStateException(server.label() + " answered " + response.statusCode() + " "
					+ response.body());
		}
		System.out.println(server.label() + " -> " + response.body() + ", cookie header "
				+ (server.cookie() == null ? 0 : server.cookie().length()) + " bytes");
	}

	/**
	 * Warms each server up, 5 s at a time, until its compiler threads used less than 2 % of its CPU in the last 5 s or
	 * {@code maxSeconds} have passed, in rounds over all servers (their paths share JVMs with decompose=1).
	 */
	private static void settle(List<Server> servers, int threads, int connections, int maxSeconds) {
		long deadline = System.nanoTime() + Duration.ofSeconds(maxSeconds).toNanos();
		List<Server> compiling = new ArrayList<>(servers);
		while (!compiling.isEmpty() && System.nanoTime() < deadline) {
			for (Server server : List.copyOf(compiling)) {
				long cpuBefore = server.app().cpuNanos();
				long compilerBefore = server.app().compilerNanos();
				Wrk.run(server.app().baseUrl() + server.path(), server.cookie(), threads, connections, 5);
				double share = Math.max(0, server.app().compilerNanos() - compilerBefore)
						/ (double) Math.max(1, server.app().cpuNanos() - cpuBefore);
				System.out.printf("settle %-48s compiler %.1f %% of the server's CPU%n", server.label(), 100 * share);
				if (share < 0.02) {
					compiling.remove(server);
				}
			}
		}
		for (Server server : compiling) {
			System.out.printf("settle %-48s still compiling after %d s%n", server.label(), maxSeconds);
		}
	}

	private static void run(List<Server> servers, int rounds, int seconds, int warmup, int connections, int threads,
			int initial) {
		Map<Server, List<Wrk.Result>> results = new LinkedHashMap<>();
		servers.forEach(s -> results.put(s, new ArrayList<>()));
		// the server's own CPU time per request: unlike requests/s, it hardly depends on what else runs on the machine
		Map<Server, List<Double>> cpu = new LinkedHashMap<>();
		servers.forEach(s -> cpu.put(s, new ArrayList<>()));
		// of which in the kernel: sockets, wake-ups between threads (Linux only)
		Map<Server, List<Double>> kernel = new LinkedHashMap<>();
		servers.forEach(s -> kernel.put(s, new ArrayList<>()));
		// of which the JIT compiler's threads: not the request's own cost, but paid while it warms up
		Map<Server, List<Double>> compiler = new LinkedHashMap<>();
		servers.forEach(s -> compiler.put(s, new ArrayList<>()));
		String machineBefore = Harness.machine();
		for (int round = 1; round <= rounds; round++) {
			for (Server server : servers) {
				String url = server.app().baseUrl() + server.path();
				Wrk.run(url, server.cookie(), threads, connections, warmup);
				long cpuBefore = server.app().cpuNanos();
				long kernelBefore = server.app().kernelNanos();
				long compilerBefore = server.app().compilerNanos();
				Wrk.Result result = Wrk.run(url, server.cookie(), threads, connections, seconds);
				double cpuMicros = (server.app().cpuNanos() - cpuBefore) / 1000.0 / Math.max(1, result.requests());
				double kernelMicros = (server.app().kernelNanos() - kernelBefore) / 1000.0
						/ Math.max(1, result.requests());
				double compilerMicros = Math.max(0, server.app().compilerNanos() - compilerBefore) / 1000.0
						/ Math.max(1, result.requests());
				results.get(server).add(result);
				cpu.get(server).add(cpuMicros);
				kernel.get(server).add(kernelMicros);
				compiler.get(server).add(compilerMicros);
				System.out.printf("round %d %-48s %10.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d  cpu %.1f us/req"
						+ " (kernel %.1f, JIT compiler %.1f)%n", round, server.label(), result.requestsPerSecond(),
						result.p50Millis(), result.p99Millis(), result.errors(), cpuMicros, kernelMicros, compilerMicros);
			}
		}
		String machineAfter = Harness.machine();
		double baseline = Harness.median(results.get(servers.get(0)).stream().map(Wrk.Result::requestsPerSecond).toList());
		double baselineCpu = Harness.median(cpu.get(servers.get(0)));
		StringBuilder md = new StringBuilder();
		md.append("### Request overhead: signed-in `GET /claims` (").append(rounds).append(" alternating rounds, wrk -t")
			.append(threads).append(" -c").append(connections).append(" -d").append(seconds).append("s, ")
			.append(warmup).append(" s warm-up before each measurement, ").append(initial)
			.append(" s JIT warm-up of each server before round 1)\n\n");
		md.append("Before: ").append(machineBefore).append("  \nAfter: ").append(machineAfter).append("\n\n");
		md.append("| server | requests/s (median) | vs (a) | p50 ms (median) | p99 ms (median) | requests/s per round | errors "
				+ "| server CPU µs/request (median) | of which kernel | of which JIT compiler | (a)'s CPU / this CPU |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (Server server : servers) {
			List<Wrk.Result> list = results.get(server);
			double rps = Harness.median(list.stream().map(Wrk.Result::requestsPerSecond).toList());
			double p50 = Harness.median(list.stream().map(Wrk.Result::p50Millis).toList());
			double p99 = Harness.median(list.stream().map(Wrk.Result::p99Millis).toList());
			long errors = list.stream().mapToLong(Wrk.Result::errors).sum();
			StringBuilder perRound = new StringBuilder();
			for (Wrk.Result r : list) {
				perRound.append(perRound.length() == 0 ? "" : ", ").append(String.format("%.0f", r.requestsPerSecond()));
			}
			double cpuMicros = Harness.median(cpu.get(server));
			double kernelMicros = Harness.median(kernel.get(server));
			double compilerMicros = Harness.median(compiler.get(server));
			md.append(String.format("| %s | %.0f | %.2fx | %.2f | %.2f | %s | %d | %.1f | %.1f | %.1f | %.2fx |%n",
					server.label(), rps, rps / baseline, p50, p99, perRound, errors, cpuMicros, kernelMicros,
					compilerMicros, baselineCpu / cpuMicros));
		}
		Harness.report("load", md.toString());
	}

	static Map<String, Integer> options(String[] args) {
		Map<String, Integer> options = new LinkedHashMap<>(
				Map.of("rounds", 3, "seconds", 10, "warmup", 5, "connections", 32, "threads", 2, "initial", 20,
						"servers", 4, "decompose", 0, "settle", 120, "netty", 0));
		for (String arg : args) {
			String[] kv = arg.split("=", 2);
			if (kv.length != 2 || !options.containsKey(kv[0])) {
				throw new IllegalArgumentException("unknown option " + arg + "; known: " + options.keySet());
			}
			options.put(kv[0], Integer.parseInt(kv[1]));
		}
		if (options.get("servers") < 2 || options.get("servers") > 4) {
			throw new IllegalArgumentException("servers must be 2, 3 or 4 (the first of (a), (b), (c), (d))");
		}
		return options;
	}
}
