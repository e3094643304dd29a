package io.github.logtoreactive.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Proves BlockHound is installed in this module's test JVM, so the server's event loops are checked. */
class BlockHoundSmokeTests {

	@Test
	void sleepOnParallelSchedulerWhenBlockHoundInstalledThenFails() {
		Mono<Integer> blocking = Mono.fromCallable(() -> {
			Thread.sleep(10);
			return 1;
		}).subscribeOn(Schedulers.parallel());

		StepVerifier.create(blocking)
			.expectErrorMatches((e) -> e instanceof BlockingOperationError || e.getCause() instanceof BlockingOperationError)
			.verify(Duration.ofSeconds(5));
	}
}
