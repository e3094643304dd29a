package io.github.logtoreactive.example;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.TestApiResource;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.TestWebApp;

/**
 * The example against an identity server with many API resources, so a browser's session grows one access token per
 * resource it asks for until it fills every session cookie chunk ({@code logto.cookie.max-chunks}, 4 by default):
 * the largest session the example keeps in cookies. The example runs as users run it, on Spring Boot's Reactor Netty
 * server with the starter's defaults.
 */
final class LargeSessionTenant implements AutoCloseable {

	static final String APP_ID = "large-session-app";

	/** More resources than a four-chunk session can hold tokens for. */
	static final List<String> RESOURCES = IntStream.range(0, 90).mapToObj((i) -> "https://r" + i + ".x")
		.toList();

	final LogtoTestServer logto;

	final ExampleServer example;

	private LargeSessionTenant(LogtoTestServer logto, ExampleServer example) {
		this.logto = logto;
		this.example = example;
	}

	static LargeSessionTenant start() {
		int port = ExampleServer.freePort();
		String base = "http://localhost:" + port;
		TestTenant.Builder tenant = TestTenant.sample()
			.toBuilder()
			.webApp(TestWebApp.builder(APP_ID, "large-session-secret")
				.redirectUris(base + "/logto/callback")
				.postLogoutRedirectUris(base + "/")
				.build());
		RESOURCES.forEach((resource) -> tenant.apiResource(TestApiResource.builder(resource).build()));
		LogtoTestServer logto = LogtoTestServer.builder().tenant(tenant.build()).build().start();
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("server.port", Integer.toString(port));
		variables.put("LOGTO_ENDPOINT", logto.baseUrl());
		variables.put("LOGTO_APP_ID", APP_ID);
		variables.put("LOGTO_APP_SECRET", "large-session-secret");
		variables.put("LOGTO_RESOURCES", String.join(",", RESOURCES));
		try {
			return new LargeSessionTenant(logto, ExampleServer.start(variables));
		}
		catch (RuntimeException ex) {
			logto.stop();
			throw ex;
		}
	}

	/**
	 * @param resource an API resource
	 * @return the example's path that gets the session a token for it
	 */
	static String tokenPath(String resource) {
		return "/api/context?resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		try {
			this.example.close();
		}
		finally {
			this.logto.stop();
		}
	}
}
