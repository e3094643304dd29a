package io.github.logtoreactive.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.test.LogtoTestServer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The example application started in this JVM on a free port, configured the way the {@code LOGTO_*} environment
 * variables would (passed as command-line properties, which win over the test JVM's real environment; blank means
 * unset, so the embedded mode is hermetic).
 */
final class ExampleServer implements AutoCloseable {

	/** A fixed cookie secret for the tests (at least 32 random bytes). */
	static final String COOKIE_SECRET = "uP5qZ2wL8xN3vB7mK1cR9tY4hJ6gF0sD2aQ8eW3rT5y";

	final ConfigurableApplicationContext context;

	final int port;

	final String baseUrl;

	private ExampleServer(ConfigurableApplicationContext context, int port) {
		this.context = context;
		this.port = port;
		this.baseUrl = "http://localhost:" + port;
	}

	/**
	 * @param variables LOGTO_* values (and others, e.g. server.port) to run with
	 * @return the running example
	 */
	static ExampleServer start(Map<String, String> variables) {
		int port = variables.containsKey("server.port") ? Integer.parseInt(variables.get("server.port")) : freePort();
		Map<String, String> all = new LinkedHashMap<>();
		for (String name : List.of("LOGTO_ENDPOINT", "LOGTO_APP_ID", "LOGTO_APP_SECRET", "LOGTO_BASE_URL",
				"LOGTO_SCOPES", "LOGTO_RESOURCES", "LOGTO_SESSION_STORE", "LOGTO_REDIS_URL", "LOGTO_M2M_APP_ID",
				"LOGTO_M2M_APP_SECRET")) {
			all.put(name, "");
		}
		all.put("LOGTO_COOKIE_SECRET", COOKIE_SECRET);
		all.put("server.port", Integer.toString(port));
		all.putAll(variables);
		List<String> args = new ArrayList<>();
		all.forEach((name, value) -> args.add("--" + name + "=" + value));
		SpringApplication application = new SpringApplication(ExampleApplication.class);
		return new ExampleServer(application.run(args.toArray(String[]::new)), port);
	}

	/**
	 * @return the example in embedded mode (the embedded Logto-compatible server and the demo tenant)
	 */
	static ExampleServer embedded() {
		return start(Map.of());
	}

	/**
	 * @return the embedded Logto-compatible server (embedded mode only)
	 */
	LogtoTestServer logto() {
		return this.context.getBean(ExampleEnvironment.EMBEDDED_SERVER_BEAN, LogtoTestServer.class);
	}

	/**
	 * @return a WebTestClient talking to the running server over HTTP
	 */
	WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl(this.baseUrl).responseTimeout(Duration.ofSeconds(30)).build();
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}
}
