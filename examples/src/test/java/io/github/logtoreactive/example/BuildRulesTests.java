package io.github.logtoreactive.example;

import io.github.logtoreactive.buildrules.BuildRules;
import io.github.logtoreactive.buildrules.ModuleClasses;
import org.junit.jupiter.api.Test;

/** The examples use the library as users do (README "Build rules"): through its public types, never its internals. */
class BuildRulesTests {

	@Test
	void examplesUseNoInternalPackage() {
		BuildRules.NO_INTERNAL_PACKAGES.check(ModuleClasses.of(ExampleApplication.class));
	}
}
