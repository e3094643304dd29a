package io.github.logtoreactive.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * {@link LogtoDevServer} among an application's sources starts the embedded server with the application's tenant and
 * wires {@code logto.*} to it; an application without it is left alone, and a packaged one is refused.
 */
class LogtoDevServerTests {

	@Configuration(proxyBeanMethods = false)
	static class App {

	}

	/** An application class with no dependencies, so it can be loaded from a jar of its own. */
	public static class PackagedApp {

	}

	private static SpringApplication application(Class<?>... sources) {
		SpringApplication application = new SpringApplication(sources);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	@Test
	void applicationWithLogtoDevServerRunsAgainstTheEmbeddedServerServingItsOwnSettings() {
		LogtoTestServer server;
		try (ConfigurableApplicationContext context = application(App.class, LogtoDevServer.class)
			.run("--logto.app-id=shop", "--logto.resources=https://shopping.your-app.com/api",
					"--logto.scopes=shopping:read", "--logto.endpoint=https://tenant.logto.app")) {
			server = context.getBean(LogtoTestServer.class);
			assertThat(server.isRunning()).isTrue();
			assertThat(context.getEnvironment().getProperty("logto.endpoint")).isEqualTo(server.baseUrl());
			assertThat(context.getEnvironment().getProperty("logto.app-id")).isEqualTo("shop");
			assertThat(context.getEnvironment().getProperty("logto.app-secret"))
				.isEqualTo(server.tenant().webApps().get("shop").secret());
			assertThat(context.getEnvironment().getProperty("logto.base-url")).isEqualTo("http://localhost:8080");
			assertThat(server.tenant().webApps().get("shop").redirectUris())
				.containsExactly("http://localhost:8080/logto/callback");
			assertThat(server.tenant().apiResources().get("https://shopping.your-app.com/api").scopes())
				.containsExactly("shopping:read");
		}
		assertThat(server.isRunning()).isFalse();
	}

	@Test
	void applicationWithoutLogtoDevServerIsLeftAlone() {
		try (ConfigurableApplicationContext context = application(App.class).run()) {
			assertThat(context.getBeansOfType(LogtoTestServer.class)).isEmpty();
			assertThat(context.getEnvironment().getProperty("logto.endpoint")).isNull();
		}
	}

	@Test
	void packagedApplicationAskingForLogtoDevServerFailsToStart(@TempDir Path dir) throws Exception {
		Class<?> packaged = loadFromJar(PackagedApp.class, dir.resolve("app.jar"));
		assertThat(LogtoDevServerEnvironmentPostProcessor.isPackaged(packaged)).isTrue();

		assertThatIllegalStateException().isThrownBy(() -> application(packaged, LogtoDevServer.class).run())
			.withMessageContaining("runs packaged")
			.withMessageContaining("app.jar")
			.withMessageContaining("for tests and local runs only");
	}

	@Test
	void classesFromADirectoryAreNotPackaged() {
		assertThat(LogtoDevServerEnvironmentPostProcessor.isPackaged(App.class)).isFalse();
	}

	/** @return the class loaded from a jar holding only it, as in a packaged application */
	private static Class<?> loadFromJar(Class<?> type, Path jar) throws IOException, ClassNotFoundException {
		String entry = type.getName().replace('.', '/') + ".class";
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
				InputStream bytes = type.getClassLoader().getResourceAsStream(entry)) {
			jarOut.putNextEntry(new JarEntry(entry));
			bytes.transferTo(jarOut);
			jarOut.closeEntry();
		}
		URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() },
				ClassLoader.getPlatformClassLoader());
		return Class.forName(type.getName(), false, loader);
	}
}
