package io.github.logtoreactive;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Proves that BlockHound is installed in this test JVM: a blocking call on a Reactor thread must fail.
 */
class BlockHoundSmokeTests {

	@Test
	void sleepOnParallelSchedulerWhenBlockHoundInstalledThenFails() {
		Mono<Integer> blocking = Mono.fromCallable(() -> {
			Thread.sleep(10);
			return 1;
		}).subscribeOn(Schedulers.parallel());

		StepVerifier.create(blocking)
			.expectErrorMatches(e -> e instanceof BlockingOperationError
					|| e.getCause() instanceof BlockingOperationError)
			.verify(Duration.ofSeconds(5));
	}
}
