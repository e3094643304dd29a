package io.github.logtoreactive.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.SignedInCookies;
import io.github.logtoreactive.test.WebTestClientSignIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A new application from the README alone: the Quick start's and "Testing your app"'s files, taken out of README.md
 * as the README shows them, compile against the dependencies the README lists; the README's own tests pass (signing
 * in against the embedded server, and with a mock user); and the README's local-run main class starts the
 * application against the embedded server, where a user signs in over real HTTP. Nothing here is written for the
 * application: what it is and does comes from the README.
 */
@Timeout(600)
class ReadmeApplicationTests {

	@TempDir
	static Path project;

	static ReadmeApplication application;

	@BeforeAll
	static void buildTheReadmesApplication() throws IOException {
		application = ReadmeApplication.build(Readme.load(), project);
	}

	@Test
	void readmesTestsPass() throws Exception {
		try (URLClassLoader loader = application.classLoader()) {
			List<Class<?>> testClasses = new ArrayList<>();
			long tests = 0;
			for (String name : application.testClassNames()) {
				Class<?> type = loader.loadClass(name);
				long methods = Arrays.stream(type.getDeclaredMethods())
					.filter(method -> method.isAnnotationPresent(Test.class))
					.count();
				if (methods > 0) {
					testClasses.add(type);
					tests += methods;
				}
			}
			assertThat(testClasses).as("the README's test classes").hasSizeGreaterThanOrEqualTo(2);

			TestExecutionSummary summary = withContextClassLoader(loader, () -> run(testClasses));

			StringWriter failures = new StringWriter();
			summary.printFailuresTo(new PrintWriter(failures), 40);
			assertThat(summary.getTotalFailureCount()).as("failures of the README's tests:%n%s", failures).isZero();
			assertThat(summary.getTestsSucceededCount()).as("the README's tests that passed").isEqualTo(tests);
		}
	}

	@Test
	void readmesLocalRunStartsTheApplicationAgainstTheEmbeddedServerWhereAUserSignsIn() throws Exception {
		try (URLClassLoader loader = application.classLoader()) {
			Method main = localRunMain(loader);
			ConfigurableApplicationContext context = withContextClassLoader(loader, () -> {
				main.invoke(null, (Object) new String[] { "--server.port=0" });
				return ReadyApplications.takeLast();
			});
			LogtoTestServer logto;
			try {
				assertThat(context).as("the application started by " + main).isNotNull();
				logto = context.getBean(LogtoTestServer.class);
				assertThat(context.getEnvironment().getProperty("logto.endpoint")).isEqualTo(logto.baseUrl());
				int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
				WebTestClient browser = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();

				SignedInCookies alice = WebTestClientSignIn.with(logto).user("user-1").signIn(browser);

				browser.get().uri("/logto/user").cookies(alice::applyTo).exchange()
					.expectStatus().isOk()
					.expectBody()
					.jsonPath("$.isAuthenticated").isEqualTo(true)
					.jsonPath("$.claims.sub").isEqualTo("user-1");
			}
			finally {
				if (context != null) {
					context.close();
				}
			}
			assertThat(logto.isRunning()).as("the embedded server stops with the application").isFalse();
		}
	}

	private static TestExecutionSummary run(List<Class<?>> testClasses) {
		// Engines only: the outer run's listeners (BlockHound's installer, Surefire's) stay out of the inner one.
		Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
			.enableTestExecutionListenerAutoRegistration(false)
			.enableLauncherSessionListenerAutoRegistration(false)
			.build());
		LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
			.selectors(testClasses.stream().map(type -> selectClass(type)).toList())
			.build();
		SummaryGeneratingListener summary = new SummaryGeneratingListener();
		launcher.execute(request, summary);
		return summary.getSummary();
	}

	/** @return the {@code main} method among the README's test sources: the local run */
	private static Method localRunMain(ClassLoader loader) throws ClassNotFoundException {
		List<Method> mains = new ArrayList<>();
		for (String name : application.testClassNames()) {
			for (Method method : loader.loadClass(name).getDeclaredMethods()) {
				if (method.getName().equals("main") && Modifier.isStatic(method.getModifiers())
						&& Arrays.equals(method.getParameterTypes(), new Class<?>[] { String[].class })) {
					mains.add(method);
				}
			}
		}
		assertThat(mains).as("main methods in the README's test sources").hasSize(1);
		return mains.get(0);
	}

	private static <T> T withContextClassLoader(ClassLoader loader, Callable<T> action) throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			return action.call();
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}
}
