package io.github.logtoreactive;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.logtoreactive.buildrules.BuildRules;
import io.github.logtoreactive.buildrules.ModuleClasses;
import io.github.logtoreactive.internal.DefaultLogtoClient;
import io.github.logtoreactive.internal.EngineComponents;
import org.junit.jupiter.api.Test;

/**
 * The rules core's main code keeps (README "Build rules"): no Spring, nothing that waits or reads the system's time,
 * and the one-way request path: adapter -> session pipeline ({@code web}) -> client -> token flow -> coordinator ->
 * store, each layer using only the ones below it.
 */
class BuildRulesTests {

	private static final JavaClasses CORE = ModuleClasses.of(LogtoEngine.class);

	@Test
	void coreDependsOnNoSpring() {
		BuildRules.NO_SPRING.check(CORE);
	}

	@Test
	void coreNeverBlocks() {
		BuildRules.NO_BLOCKING_CALLS.check(CORE);
	}

	@Test
	void coreReadsTimeOnlyFromItsClock() {
		BuildRules.NO_SYSTEM_TIME.check(CORE);
	}

	@Test
	void theSessionPipelineIsTheTopOfCore() {
		noClasses().that()
			.resideOutsideOfPackage("io.github.logtoreactive.web..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.logtoreactive.web..")
			.because("the request path runs one way: adapters call the session pipeline (web), nothing in core calls it")
			.check(CORE);
	}

	@Test
	void nothingBelowTheClientCallsTheClientOrTheEngine() {
		noClasses().that()
			.resideInAnyPackage("io.github.logtoreactive.internal.(*)..", "io.github.logtoreactive.store..")
			.should()
			.dependOnClassesThat(belongToAnyOf(LogtoEngine.class, LogtoClient.class, DefaultLogtoClient.class,
					EngineComponents.class))
			.because("the client calls the token and sign-in flows, the coordinator and the store, never the reverse")
			.check(CORE);
	}

	@Test
	void theTokenFlowAndCoordinatorDoNotCallTheSignInFlow() {
		noClasses().that()
			.resideInAPackage("io.github.logtoreactive.internal.token..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.logtoreactive.internal.signin..")
			.because("sign-in hands its tokens down to the token flow, which knows nothing of sign-in")
			.check(CORE);
	}

	@Test
	void theStoreKnowsOnlySessionsAndTheirCookies() {
		noClasses().that()
			.resideInAnyPackage("io.github.logtoreactive.store..", "io.github.logtoreactive.internal.session..")
			.should()
			.dependOnClassesThat(resideInAnyPackage("io.github.logtoreactive.internal.token..",
					"io.github.logtoreactive.internal.signin..", "io.github.logtoreactive.internal.http..",
					"io.github.logtoreactive.internal.jwt..", "io.github.logtoreactive.internal.discovery..")
				.or(belongToAnyOf(LogtoConfig.class, LogtoContext.class, SessionBinding.class)))
			.because("the store is the bottom of the request path: it keeps sessions and encodes cookies, and calls no "
					+ "token, sign-in or HTTP code")
			.check(CORE);
	}
}
