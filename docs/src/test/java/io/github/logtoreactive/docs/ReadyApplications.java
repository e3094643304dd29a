package io.github.logtoreactive.docs;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Remembers the last Spring Boot application that became ready in this JVM, so a test can reach the application a
 * README {@code main} method started (which returns nothing). Registered in this module's test
 * {@code META-INF/spring.factories}.
 */
public final class ReadyApplications implements ApplicationListener<ApplicationReadyEvent> {

	private static final AtomicReference<ConfigurableApplicationContext> last = new AtomicReference<>();

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		last.set(event.getApplicationContext());
	}

	/** @return the application that became ready last, forgetting it */
	static ConfigurableApplicationContext takeLast() {
		return last.getAndSet(null);
	}
}
