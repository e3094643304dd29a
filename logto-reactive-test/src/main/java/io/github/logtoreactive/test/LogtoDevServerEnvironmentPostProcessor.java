package io.github.logtoreactive.test;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the embedded server for an application that has {@link LogtoDevServer} among its sources, after its
 * configuration files are read (the tenant is derived from them) and before any bean sees {@code logto.*}; refuses
 * to in a packaged application. Registered in {@code META-INF/spring.factories}; does nothing for other applications.
 * Blocking is fine here: it runs once, on the main thread, at startup.
 */
final class LogtoDevServerEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** After the configuration files are read. */
	static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 20;

	private final Log log;

	LogtoDevServerEnvironmentPostProcessor(DeferredLogFactory logs) {
		this.log = logs.getLog(LogtoDevServer.class);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!application.getAllSources().contains(LogtoDevServer.class)) {
			return;
		}
		Class<?> packaged = packagedSource(application);
		if (packaged != null) {
			throw new IllegalStateException("LogtoDevServer is among the sources of an application that runs packaged ("
					+ packaged.getName() + " comes from " + packaged.getProtectionDomain().getCodeSource().getLocation()
					+ "): the embedded Logto-compatible server signs anyone in and is for tests and local runs only. "
					+ "Start the application from its classes (IDE, mvn spring-boot:test-run, gradle bootTestRun), or "
					+ "drop LogtoDevServer and set logto.endpoint, logto.app-id and logto.app-secret");
		}
		LogtoTestServer server = EmbeddedLogto.start(environment, "");
		application.addInitializers(context -> EmbeddedLogto.register(context, server));
		this.log.info(EmbeddedLogto.banner(server, environment));
	}

	/**
	 * @param application the application
	 * @return its first source class (its main class when it has none) that was loaded from an archive, or
	 * {@code null} when it runs from directories of classes
	 */
	private static Class<?> packagedSource(SpringApplication application) {
		List<Class<?>> classes = application.getAllSources()
			.stream()
			.filter(Class.class::isInstance)
			.<Class<?>>map(Class.class::cast)
			.filter(source -> source != LogtoDevServer.class)
			.toList();
		if (classes.isEmpty() && application.getMainApplicationClass() != null) {
			classes = List.of(application.getMainApplicationClass());
		}
		return classes.stream().filter(LogtoDevServerEnvironmentPostProcessor::isPackaged).findFirst().orElse(null);
	}

	/**
	 * @param type a class of the application
	 * @return whether it was loaded from an archive (a jar, or a jar nested in Boot's executable jar) rather than
	 * from a directory of classes; a location that cannot be read counts as an archive
	 */
	static boolean isPackaged(Class<?> type) {
		CodeSource source = type.getProtectionDomain().getCodeSource();
		URL location = (source != null) ? source.getLocation() : null;
		if (location == null) {
			return false;
		}
		if (!"file".equals(location.getProtocol())) {
			return true;
		}
		try {
			return !Files.isDirectory(Path.of(location.toURI()));
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			return true;
		}
	}
}
