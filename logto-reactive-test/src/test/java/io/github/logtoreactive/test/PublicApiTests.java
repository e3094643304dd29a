package io.github.logtoreactive.test;

import io.github.logtoreactive.buildrules.ModuleClasses;
import io.github.logtoreactive.buildrules.PublicApiDump;
import org.junit.jupiter.api.Test;

/** The test kit's public API is the checked-in {@code api/logto-reactive-test.api}: an API change is a deliberate change of it. */
class PublicApiTests {

	@Test
	void publicApiMatchesTheCheckedInDump() {
		PublicApiDump.check("logto-reactive-test", ModuleClasses.of(LogtoTestServer.class));
	}
}
