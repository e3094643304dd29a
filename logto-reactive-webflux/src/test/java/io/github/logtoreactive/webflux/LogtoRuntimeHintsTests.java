package io.github.logtoreactive.webflux;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

class LogtoRuntimeHintsTests {

	@Test
	void aotFactoriesWhenLoadedThenRegisterTheLogtoRuntimeHints() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(LogtoRuntimeHints.class);
	}

	@Test
	void hintsWhenRegisteredThenNimbusGsonMayInstantiateItsJavaTimeAdapters() {
		RuntimeHints hints = new RuntimeHints();
		new LogtoRuntimeHints().registerHints(hints, getClass().getClassLoader());

		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of(LogtoRuntimeHints.GSON_JAVA_TIME_ADAPTERS))
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
	}

	@Test
	void hintsWhenRegisteredThenTheHintedTypeIsTheOneNimbusLoadsOnThisClasspath() throws ReflectiveOperationException {
		// A nimbus-jose-jwt upgrade that moves its embedded Gson would leave the hint naming a missing type.
		Class<?> adapters = Class.forName(LogtoRuntimeHints.GSON_JAVA_TIME_ADAPTERS, false, getClass().getClassLoader());

		assertThat(adapters.getDeclaredConstructor()).isNotNull();
	}
}
