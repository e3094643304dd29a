package io.github.logtoreactive.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.TestUser;
import io.github.logtoreactive.test.TestWebApp;

/** What the load, storm and cold-start benchmarks share: the identity provider, app settings, sign-in, reporting. */
final class Harness {

	static final String APP_ID = "bench-app";

	static final String APP_SECRET = "bench-secret";

	/** Users {@code user-1} (alice, signed in automatically) to {@code user-8}. */
	static final int USERS = 8;

	static final String COOKIE_SECRET = "q3J7vN9xT2mL5pR8sW1yZ4bC6dF0gH2jK5nP8rT1vX4=";

	private static final List<String> SECURITY_AUTO_CONFIGURATION = List.of(
			"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
			"org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration",
			"org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration",
			"org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientWebSecurityAutoConfiguration",
			// servers (b) and (c) measure LogtoWebFilter alone, without a Spring Security chain around it
			"io.github.logtoreactive.webflux.autoconfigure.LogtoSecurityAutoConfiguration");

	private Harness() {
	}

	/**
	 * The identity provider: the embedded Logto-compatible server on 127.0.0.1 with user {@code user-1} signed in
	 * automatically, and one confidential web app whose redirect URIs cover both our callback and Spring Security's on
	 * every port.
	 */
	static LogtoTestServer identityProvider(List<Integer> ports, Duration accessTokenTtl, RefreshTokenRotation rotation) {
		List<String> redirects = new ArrayList<>();
		for (int port : ports) {
			redirects.add("http://127.0.0.1:" + port + "/logto/callback");
			redirects.add("http://127.0.0.1:" + port + "/login/oauth2/code/logto");
		}
		TestTenant.Builder tenant = TestTenant.builder()
			.webApp(TestWebApp.builder(APP_ID, APP_SECRET).redirectUris(redirects.toArray(String[]::new)).build())
			.user(TestUser.builder("user-1").username("alice").name("Alice Example").email("alice@example.com")
				.password("alice-password").build());
		for (int i = 2; i <= USERS; i++) {
			tenant.user(TestUser.builder("user-" + i).username("user" + i).name("User " + i)
				.email("user" + i + "@example.com").password("password-" + i).build());
		}
		return LogtoTestServer.builder()
			.tenant(tenant.build())
			.autoLogin("user-1")
			.accessTokenTtl(accessTokenTtl)
			.refreshTokenRotation(rotation)
			.build()
			.start();
	}

	static List<String> plainProperties() {
		List<String> properties = new ArrayList<>();
		properties.add("spring.profiles.active=plain");
		properties.add("spring.autoconfigure.exclude=" + String.join(",", SECURITY_AUTO_CONFIGURATION));
		return properties;
	}

	/** {@code LogtoWebFilter} from the auto-configuration; {@code redisUri} null for cookie sessions. */
	static List<String> logtoProperties(LogtoTestServer idp, int port, String redisUri) {
		List<String> properties = new ArrayList<>();
		properties.add("spring.profiles.active=logto");
		properties.add("spring.autoconfigure.exclude=" + String.join(",", SECURITY_AUTO_CONFIGURATION));
		properties.add("logto.endpoint=" + idp.baseUrl());
		properties.add("logto.app-id=" + APP_ID);
		properties.add("logto.app-secret=" + APP_SECRET);
		properties.add("logto.base-url=http://127.0.0.1:" + port);
		properties.add("logto.scopes=email");
		properties.add("logto.cookie.secret=" + COOKIE_SECRET);
		properties.add("logto.cookie.secure=false");
		properties.add("logto.protected-paths=/claims,/claims-exchange,/guarded,/token");
		if (redisUri != null) {
			properties.add("logto.session.store=redis");
			properties.add("logto.session.redis-url=" + redisUri);
			// the sign-in's first command also opens the connection: on 2 loaded cores that can take over the
			// default 2 s; no command of the measured requests comes near either bound
			properties.add("logto.session.redis-timeout=10s");
		}
		return properties;
	}

	/** Spring Security {@code oauth2Login}, registration {@code logto} against the same provider. */
	static List<String> springProperties(LogtoTestServer idp) {
		String prefix = "spring.security.oauth2.client.registration.logto.";
		List<String> properties = new ArrayList<>();
		properties.add("spring.profiles.active=spring");
		properties.add(prefix + "client-id=" + APP_ID);
		properties.add(prefix + "client-secret=" + APP_SECRET);
		properties.add(prefix + "client-authentication-method=client_secret_basic");
		properties.add(prefix + "authorization-grant-type=authorization_code");
		properties.add(prefix + "redirect-uri={baseUrl}/login/oauth2/code/{registrationId}");
		properties.add(prefix + "scope=openid,profile,email,offline_access");
		properties.add("spring.security.oauth2.client.provider.logto.issuer-uri=" + idp.issuer());
		return properties;
	}

	static HttpClient httpClient() {
		return HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/** Signs in through {@code /logto/sign-in} and returns the {@code Cookie} header of the signed-in browser. */
	static String signInLogto(HttpClient http, String baseUrl) {
		return signIn(http, baseUrl, "/logto/sign-in");
	}

	/** Signs in through Spring Security's {@code /oauth2/authorization/logto}; returns the {@code Cookie} header. */
	static String signInSpring(HttpClient http, String baseUrl) {
		return signIn(http, baseUrl, "/oauth2/authorization/logto");
	}

	private static String signIn(HttpClient http, String baseUrl, String start) {
		Map<String, String> jar = new LinkedHashMap<>();
		HttpResponse<String> toIdp = get(http, baseUrl + start, jar);
		String authorize = location(toIdp);
		// auto-login: the provider answers with a redirect to the app's callback at once
		HttpResponse<String> fromIdp = get(http, authorize, null);
		String callback = location(fromIdp);
		if (!callback.startsWith(baseUrl)) {
			throw new IllegalStateException("the provider did not redirect to the app: " + callback + " "
					+ fromIdp.body());
		}
		HttpResponse<String> done = get(http, callback, jar);
		String target = done.headers().firstValue("location").orElse("");
		if (done.statusCode() / 100 != 3 || target.contains("error")) {
			throw new IllegalStateException("sign-in callback answered " + done.statusCode() + " " + target + ": "
					+ done.body());
		}
		return cookieHeader(jar);
	}

	static String cookieHeader(Map<String, String> jar) {
		return jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
	}

	static HttpResponse<String> get(HttpClient http, String url, Map<String, String> jar) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
		if (jar != null && !jar.isEmpty()) {
			request.header("Cookie", cookieHeader(jar));
		}
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (jar != null) {
				remember(jar, response.headers().allValues("set-cookie"));
			}
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + url + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/** Applies {@code Set-Cookie} lines the way a browser does (later wins, empty value or Max-Age=0 deletes). */
	static void remember(Map<String, String> jar, List<String> setCookies) {
		for (String line : setCookies) {
			String pair = line.split(";", 2)[0];
			int eq = pair.indexOf('=');
			if (eq <= 0) {
				continue;
			}
			String name = pair.substring(0, eq).trim();
			String value = pair.substring(eq + 1).trim();
			if (value.isEmpty() || line.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
				jar.remove(name);
			}
			else {
				jar.put(name, value);
			}
		}
	}

	static Map<String, String> parseCookieHeader(String header) {
		Map<String, String> jar = new LinkedHashMap<>();
		for (String pair : header.split(";\\s*")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				jar.put(pair.substring(0, eq), pair.substring(eq + 1));
			}
		}
		return jar;
	}

	private static String location(HttpResponse<String> response) {
		return response.headers().firstValue("location").orElseThrow(() -> new IllegalStateException(
				"expected a redirect from " + response.uri() + ", got " + response.statusCode() + ": "
						+ response.body()));
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/** Nearest-rank percentile of latencies in nanoseconds, in milliseconds. */
	static double percentileMillis(long[] nanos, double percentile) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
	}

	/** The machine line of every report: cores, CPU, JDK, load average at the time. */
	static String machine() {
		String cpu = "unknown CPU";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter(l -> l.startsWith("model name"))
				.findFirst()
				.map(l -> l.substring(l.indexOf(':') + 1).trim())
				.orElse(cpu);
		}
		catch (IOException ex) {
			// not Linux
		}
		return "nproc=" + Runtime.getRuntime().availableProcessors() + ", " + cpu + ", JDK "
				+ System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.vendor") + "), "
				+ "load average " + String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
				+ " at " + Instant.now();
	}

	/** Prints the report and writes it to {@code benchmarks/target/results/<name>.md}. */
	static void report(String name, String markdown) {
		System.out.println(markdown);
		try {
			Path dir = Path.of("benchmarks", "target", "results");
			Files.createDirectories(dir);
			Files.writeString(dir.resolve(name + ".md"), markdown, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			System.err.println("could not write the report: " + ex);
		}
	}
}
