package io.github.logtoreactive.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.logtoreactive.buildrules.BuildRules;
import io.github.logtoreactive.buildrules.ModuleClasses;
import org.junit.jupiter.api.Test;

/**
 * The rules the test kit's main code keeps (README "Build rules"). {@link LogtoTestServer} serves on the test's or the
 * application's event loops (and {@code LogtoDevServer} inside a running application), so it never waits, like the
 * library; its clock is the one its builder is given.
 */
class BuildRulesTests {

	private static final JavaClasses TEST_KIT = ModuleClasses.of(LogtoTestServer.class);

	@Test
	void testKitNeverBlocks() {
		BuildRules.NO_BLOCKING_CALLS.check(TEST_KIT);
	}

	@Test
	void testKitReadsTimeOnlyFromItsClock() {
		noClasses().that()
			.doNotBelongToAnyOf(MutableClock.class)
			.should()
			.accessTargetWhere(BuildRules.systemTime())
			.because(BuildRules.SYSTEM_TIME_REASON + " (MutableClock.startingNow() is the one place that reads the "
					+ "system's time, to start a test clock at it)")
			.check(TEST_KIT);
	}
}
