package io.github.logtoreactive.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit Jupiter extension that runs a {@link LogtoTestServer} on a free port and injects it as a parameter.
 *
 * <p>Two ways to use it:
 * <pre>{@code
 * // 1. declaratively, configured by the annotation (sample tenant by default)
 * @WithLogtoTestServer(autoLogin = "user-1")
 * class ATests { @Test void t(LogtoTestServer server) { ... } }
 *
 * // 2. programmatically, with a builder
 * class BTests {
 *     @RegisterExtension
 *     static LogtoTestServerExtension logto = LogtoTestServerExtension.of(LogtoTestServer.builder()
 *         .tenant(TestTenant.sample().toBuilder().user(TestUser.builder("user-3").build()).build()));
 *     @Test void t() { String issuer = logto.server().issuer(); }
 * }
 * }</pre>
 *
 * <p>Registered on a static field or declaratively, the server starts before all tests of the class, is
 * {@link LogtoTestServer#reset() reset} before each test and stops after all tests. Registered on an instance
 * field, it starts and stops around each test. Starting blocks the JUnit thread until the socket is bound (well
 * under a second); request handling never blocks. A bad configuration fails the class with the builder's
 * {@link IllegalStateException}. Without a builder or a configuration file the server serves
 * {@link TestTenant#sample()}.
 */
public final class LogtoTestServerExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private final Supplier<LogtoTestServer.Builder> builder;

	private LogtoTestServer server;

	private int classDepth;

	private boolean perTest;

	/** Creates an extension configured by {@link WithLogtoTestServer} on the test class (or the sample tenant). */
	public LogtoTestServerExtension() {
		this.builder = null;
	}

	private LogtoTestServerExtension(Supplier<LogtoTestServer.Builder> builder) {
		this.builder = builder;
	}

	/**
	 * @param builder the server configuration; built when the extension starts the server
	 * @return an extension to register with {@code @RegisterExtension}
	 */
	public static LogtoTestServerExtension of(LogtoTestServer.Builder builder) {
		Objects.requireNonNull(builder, "builder");
		return new LogtoTestServerExtension(() -> builder);
	}

	/**
	 * @return the running server
	 * @throws IllegalStateException outside of a test (before the extension started it)
	 */
	public LogtoTestServer server() {
		if (this.server == null) {
			throw new IllegalStateException("the Logto test server is only available while tests run");
		}
		return this.server;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.classDepth++ == 0) {
			this.server = create(context).start();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (--this.classDepth == 0 && this.server != null) {
			this.server.stop();
			this.server = null;
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		if (this.server == null) {
			this.perTest = true;
			this.server = create(context).start();
		}
		else if (!this.perTest) {
			this.server.reset();
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (this.perTest && this.server != null) {
			this.server.stop();
			this.server = null;
			this.perTest = false;
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == LogtoTestServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return server();
	}

	private LogtoTestServer create(ExtensionContext context) {
		if (this.builder != null) {
			return this.builder.get().build();
		}
		Optional<WithLogtoTestServer> settings = context.getTestClass()
			.flatMap((type) -> AnnotationSupport.findAnnotation(type, WithLogtoTestServer.class));
		LogtoTestServer.Builder configured = LogtoTestServer.builder().tenant(TestTenant.sample());
		if (settings.isEmpty()) {
			return configured.build();
		}
		WithLogtoTestServer annotation = settings.get();
		if (!annotation.config().isEmpty()) {
			Path file = resource(annotation.config(), context);
			String name = annotation.config().toLowerCase(Locale.ROOT);
			if (name.endsWith(".yaml") || name.endsWith(".yml")) {
				configured.loadYaml(file);
			}
			else {
				configured.loadJson(file);
			}
		}
		if (!annotation.autoLogin().isEmpty()) {
			configured.autoLogin(annotation.autoLogin());
		}
		return configured.signingKey(annotation.signingKey())
			.refreshTokenRotation(annotation.refreshTokenRotation())
			.build();
	}

	private static Path resource(String name, ExtensionContext context) {
		ClassLoader loader = context.getRequiredTestClass().getClassLoader();
		URL url = loader.getResource(name.startsWith("/") ? name.substring(1) : name);
		if (url == null) {
			throw new ExtensionConfigurationException("@WithLogtoTestServer(config = \"" + name
					+ "\"): no such class path resource");
		}
		try {
			if ("file".equals(url.getProtocol())) {
				return Path.of(url.toURI());
			}
			Path copy = Files.createTempFile("logto-test-server", name.substring(name.lastIndexOf('.')));
			copy.toFile().deleteOnExit();
			try (InputStream in = url.openStream()) {
				Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
			}
			return copy;
		}
		catch (IOException | URISyntaxException ex) {
			throw new ExtensionConfigurationException("cannot read class path resource " + name, ex);
		}
	}
}
