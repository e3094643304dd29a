package io.github.logtoreactive;

import io.github.logtoreactive.buildrules.ModuleClasses;
import io.github.logtoreactive.buildrules.PublicApiDump;
import org.junit.jupiter.api.Test;

/** Core's public API is the checked-in {@code api/logto-reactive-core.api}: an API change is a deliberate change of it. */
class PublicApiTests {

	@Test
	void publicApiMatchesTheCheckedInDump() {
		PublicApiDump.check("logto-reactive-core", ModuleClasses.of(LogtoEngine.class));
	}
}
