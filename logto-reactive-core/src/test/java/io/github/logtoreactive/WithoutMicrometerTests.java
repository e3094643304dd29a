package io.github.logtoreactive;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.MicrometerFreeApplication;
import io.github.logtoreactive.support.TestClock;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code micrometer-observation} is an optional dependency of the core: an application without it builds engines and
 * stores and calls Logto, and no Micrometer class is ever needed.
 */
@Timeout(60)
class WithoutMicrometerTests {

	@StartStop
	final MockWebServer server = new MockWebServer();

	@Test
	void engineAndRedisStoreWhenMicrometerIsNotOnTheClassPathThenWork() throws Exception {
		FakeLogto logto = new FakeLogto(this.server, TestClock.startingNow());
		List<URL> classPath = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (!entry.contains(File.separator + "io" + File.separator + "micrometer" + File.separator)) {
				classPath.add(new File(entry).toURI().toURL());
			}
		}
		try (URLClassLoader withoutMicrometer = new URLClassLoader(classPath.toArray(URL[]::new),
				ClassLoader.getPlatformClassLoader())) {
			@SuppressWarnings("unchecked")
			Function<String, String> application = (Function<String, String>) withoutMicrometer
				.loadClass(MicrometerFreeApplication.class.getName())
				.getConstructor()
				.newInstance();

			assertThat(application.apply(logto.endpoint())).isEqualTo("/oidc/auth true");
		}
		assertThat(logto.discoveryCount()).isOne();
	}
}
