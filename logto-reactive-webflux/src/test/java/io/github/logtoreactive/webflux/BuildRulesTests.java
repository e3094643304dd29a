package io.github.logtoreactive.webflux;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.logtoreactive.buildrules.BuildRules;
import io.github.logtoreactive.buildrules.ModuleClasses;
import org.junit.jupiter.api.Test;

/**
 * The rules the WebFlux adapter's main code keeps (README "Build rules"): it uses core and the test kit through their
 * public types only, never waits, and reads time only from the one Clock.
 */
class BuildRulesTests {

	private static final JavaClasses WEBFLUX = ModuleClasses.of(LogtoWebFilter.class);

	@Test
	void webfluxUsesNoInternalPackage() {
		BuildRules.NO_INTERNAL_PACKAGES.check(WEBFLUX);
	}

	@Test
	void webfluxNeverBlocks() {
		BuildRules.NO_BLOCKING_CALLS.check(WEBFLUX);
	}

	@Test
	void webfluxReadsTimeOnlyFromTheClock() {
		BuildRules.NO_SYSTEM_TIME.check(WEBFLUX);
	}
}
