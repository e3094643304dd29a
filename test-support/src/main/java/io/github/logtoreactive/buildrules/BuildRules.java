package io.github.logtoreactive.buildrules;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The ArchUnit rules the library modules share (README "Build rules"). Each module's tests check them against its own
 * main classes ({@link ModuleClasses}); core adds the rules about its own layers.
 */
public final class BuildRules {

	private static final Set<String> BLOCKING_REACTOR_METHODS = Set.of("block", "blockFirst", "blockLast", "blockOptional",
			"toIterable", "toStream");

	/** Why {@link #NO_SYSTEM_TIME} holds, for a module's own variant of it. */
	public static final String SYSTEM_TIME_REASON = "time comes from the Clock a component is given, so that tests can "
			+ "move it and every part agrees on it";

	/**
	 * Library code never waits: no {@code block*()}, {@code toIterable()} or {@code toStream()} on a Reactor publisher,
	 * no {@code Thread.sleep}. It runs on the application's event loops, where BlockHound would stop a test but nothing
	 * stops production.
	 */
	public static final ArchRule NO_BLOCKING_CALLS = noClasses().should()
		.accessTargetWhere(BuildRules.blockingCall())
		.because("library code runs on the application's event loops and must never wait");

	/**
	 * Library code reads time only from the {@link java.time.Clock} it is given (virtual time in tests, one clock for the
	 * engine, the filter and the stores): no {@code System.nanoTime()}, {@code System.currentTimeMillis()} or
	 * {@code Instant.now()}.
	 */
	public static final ArchRule NO_SYSTEM_TIME = noClasses().should()
		.accessTargetWhere(BuildRules.systemTime())
		.because(SYSTEM_TIME_REASON);

	/**
	 * Only core itself uses core's {@code internal} packages, and only the test kit its own {@code test.internal}:
	 * they are not API, and may change in any release.
	 */
	public static final ArchRule NO_INTERNAL_PACKAGES = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.github.logtoreactive.internal..", "io.github.logtoreactive.test.internal..")
		.because("internal packages are not API: other modules use core and the test kit through their public types");

	/** Core runs without Spring: the WebFlux adapter depends on core, never the other way round. */
	public static final ArchRule NO_SPRING = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..")
		.because("core is the Spring-free part of the library; Spring lives in logto-reactive-webflux");

	private BuildRules() {
	}

	/**
	 * A blocking call: {@code block*()}, {@code toIterable()} or {@code toStream()} on a Reactor publisher, or
	 * {@code Thread.sleep}; method references included.
	 *
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaAccess<?>> blockingCall() {
		return describe("a blocking call (Mono/Flux block*, toIterable, toStream, Thread.sleep)", BuildRules::blocks);
	}

	/**
	 * A read of the system's time: {@code System.nanoTime()}, {@code System.currentTimeMillis()} or
	 * {@code Instant.now()}; method references included.
	 *
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaAccess<?>> systemTime() {
		return describe("the system's time (System.nanoTime, System.currentTimeMillis, Instant.now())",
				BuildRules::readsSystemTime);
	}

	private static boolean blocks(JavaAccess<?> access) {
		AccessTarget target = access.getTarget();
		String owner = target.getOwner().getName();
		return owner.startsWith("reactor.core.publisher.") && BLOCKING_REACTOR_METHODS.contains(target.getName())
				|| owner.equals("java.lang.Thread") && target.getName().equals("sleep");
	}

	private static boolean readsSystemTime(JavaAccess<?> access) {
		AccessTarget target = access.getTarget();
		String owner = target.getOwner().getName();
		return owner.equals("java.lang.System")
				&& (target.getName().equals("nanoTime") || target.getName().equals("currentTimeMillis"))
				|| owner.equals("java.time.Instant") && target.getName().equals("now")
						&& target.getFullName().endsWith("now()");
	}
}
