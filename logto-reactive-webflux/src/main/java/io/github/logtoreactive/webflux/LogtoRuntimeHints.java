package io.github.logtoreactive.webflux;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * Runtime hints for Spring AOT and native images, registered through {@code META-INF/spring/aot.factories}.
 *
 * <p>logto-reactive's own code uses no reflection and reads no resources, and Spring Boot's AOT processing generates
 * the hints for what Spring itself reflects on (binding the {@code logto.*} properties, the auto-configuration's bean
 * methods). What is left is nimbus-jose-jwt, which parses and writes every JSON document of the library (discovery,
 * JWKS, tokens, user info, the {@code /logto/user} route) with an embedded Gson that loads its {@code java.time}
 * adapters by class name and ships no native-image metadata: without this hint a native image silently drops those
 * adapters. Found by running the AOT-processed example and this module's tests under Spring's
 * {@code RuntimeHintsAgent}.
 */
final class LogtoRuntimeHints implements RuntimeHintsRegistrar {

	/** Loaded with {@code Class.forName} and instantiated through its no-argument constructor. */
	static final String GSON_JAVA_TIME_ADAPTERS = "com.nimbusds.jose.shaded.gson.internal.bind.JavaTimeTypeAdapters";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerType(TypeReference.of(GSON_JAVA_TIME_ADAPTERS), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
	}
}
