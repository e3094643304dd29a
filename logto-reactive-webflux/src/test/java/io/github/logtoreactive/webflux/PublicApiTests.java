package io.github.logtoreactive.webflux;

import io.github.logtoreactive.buildrules.ModuleClasses;
import io.github.logtoreactive.buildrules.PublicApiDump;
import org.junit.jupiter.api.Test;

/**
 * The WebFlux adapter's public API is the checked-in {@code api/logto-reactive-webflux.api}: an API change is a
 * deliberate change of it.
 */
class PublicApiTests {

	@Test
	void publicApiMatchesTheCheckedInDump() {
		PublicApiDump.check("logto-reactive-webflux", ModuleClasses.of(LogtoWebFilter.class));
	}
}
