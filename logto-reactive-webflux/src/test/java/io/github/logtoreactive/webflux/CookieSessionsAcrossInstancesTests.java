package io.github.logtoreactive.webflux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.support.SharedRedis;
import io.github.logtoreactive.test.Endpoint;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.MutableClock;
import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.SignedInCookies;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.WebTestClientSignIn;
import io.github.logtoreactive.web.SessionCoordination;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of an application keeping sessions in cookies, coordinated through a real {@code redis-server}
 * ({@link SharedRedis}, each instance its own connection, connected before the first request), with
 * no sticky routing: the browser's requests go to either. The embedded Logto rotates the refresh token on every
 * refresh and revokes the grant when a consumed one is replayed more than 3 s later; every time decision (token
 * expiry, the reuse window) follows one {@link MutableClock}.
 */
@Timeout(120)
class CookieSessionsAcrossInstancesTests {

	private final MutableClock clock = MutableClock.startingNow();

	@AutoClose
	private final SharedRedis redis = SharedRedis.start();

	private LogtoTestServer server;

	private TestApp first;

	private TestApp second;

	@BeforeEach
	void start() {
		this.server = LogtoTestServer.builder()
			.tenant(TestTenant.sample())
			.autoLogin("user-1")
			.clock(this.clock)
			.accessTokenTtl(Duration.ofHours(1))
			// The ID token outlives the access tokens: the tests below are about refreshing access tokens; the one
			// that lets the ID token expire too says so.
			.idTokenTtl(Duration.ofHours(24))
			.refreshTokenRotation(RefreshTokenRotation.ALWAYS)
			.build()
			.start();
		this.first = instance();
		this.second = instance();
		SignedInCookies signedIn = WebTestClientSignIn.with(this.server).user("user-1").signIn(this.first.client);
		this.first.remember(signedIn.cookies());
		this.second.jar.putAll(this.first.jar);
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	private TestApp instance() {
		CookieSecrets secrets = CookieSecrets.of("test-app", TestApp.SECRET);
		return new TestApp(this.server,
				SessionCoordination.through(this.redis.coordinationStore(this.clock, secrets)), this.clock);
	}

	@Test
	void tokenRotatedDuringAStreamOnOneInstanceIsAdoptedByTheNextRequestOnTheOther() {
		streamRefreshesOnFirstThenNextRequestOnSecond(Duration.ofHours(2));
	}

	@Test
	void tokenRotatedDuringAStreamOnOneInstanceAlsoRevalidatesTheSessionOnTheOther() {
		// past the ID token's lifetime too: the next request on the other instance must revalidate, and the refresh
		// inside the stream (which brought a new ID token) is that revalidation
		streamRefreshesOnFirstThenNextRequestOnSecond(Duration.ofHours(25));
	}

	@Test
	void concurrentRequestsOnBothInstancesWhenTokenExpiredThenOneRefresh() {
		this.clock.advance(Duration.ofHours(2));
		assertThat(concurrentTokenRequestsOnBothInstances()).as("one refresh across both instances").isEqualTo(1);
	}

	@Test
	void concurrentRequestsOnBothInstancesWhenIdTokenAndAccessTokenExpiredThenOneRevalidationAndOneRefresh() {
		// Each request revalidates the session, then needs the API's token: the instance that did not refresh adopts
		// the other's tokens, and never publishes them over newer ones the other obtained meanwhile.
		this.clock.advance(Duration.ofHours(25));
		assertThat(concurrentTokenRequestsOnBothInstances())
			.as("one revalidation of the session and one refresh of the API's token, across both instances")
			.isEqualTo(2);
	}

	/**
	 * 40 concurrent requests of the browser for the API's token, alternating between the instances: every one is
	 * answered (signed in) with the same token, and no refresh fails.
	 * @return the token requests they made
	 */
	private long concurrentTokenRequestsOnBothInstances() {
		long tokenRequests = this.server.requestCount(Endpoint.TOKEN);
		List<Mono<String>> calls = new ArrayList<>();
		// The browsers' threads, waiting for their answers: their own, so the library's schedulers stay free.
		Scheduler browsers = Schedulers.newBoundedElastic(40, 40, "browser");
		for (int i = 0; i < 40; i++) {
			TestApp instance = (i % 2 == 0) ? this.first : this.second;
			calls.add(Mono.fromCallable(() -> {
				EntityExchangeResult<String> answer = instance.get("/api/token").exchange().expectBody(String.class)
					.returnResult();
				// the answer's body names the error of a request that was not answered with the token
				assertThat(answer.getStatus().value()).as(answer.getResponseBody()).isEqualTo(200);
				return answer.getResponseBody();
			}).subscribeOn(browsers));
		}

		List<String> bodies;
		try {
			bodies = Flux.merge(calls).collectList().block(Duration.ofSeconds(60));
		}
		finally {
			browsers.dispose();
		}

		assertThat(new HashSet<>(bodies)).as("every request got the one refreshed token").hasSize(1);
		assertThat(this.first.engine.statistics().refreshFailures() + this.second.engine.statistics().refreshFailures())
			.as("no invalid_grant").isZero();
		return this.server.requestCount(Endpoint.TOKEN) - tokenRequests;
	}

	@Test
	void redisDownWhenARefreshNeedsTheLeaseThenTypedErrorAndTheSessionIsKept() {
		this.clock.advance(Duration.ofHours(2));
		this.redis.kill();
		try {
			this.first.get("/api/token").accept(MediaType.APPLICATION_JSON).exchange()
				.expectStatus().isEqualTo(503)
				.expectHeader().doesNotExist("Set-Cookie")
				.expectBody().jsonPath("$.error").isEqualTo("session_store.unavailable");
		}
		finally {
			this.redis.restart();
		}
		long tokenRequests = this.server.requestCount(Endpoint.TOKEN);
		Mono.defer(() -> Mono.just(this.second.get("/api/token").exchange().returnResult(String.class)))
			.filter(result -> result.getStatus().is2xxSuccessful())
			.repeatWhenEmpty(50, repeats -> repeats.delayElements(Duration.ofMillis(100)))
			.block(Duration.ofSeconds(10));
		assertThat(this.server.requestCount(Endpoint.TOKEN) - tokenRequests).isEqualTo(1);
	}

	/**
	 * A stream on the first instance refreshes its token after its response was committed (the clock moved by
	 * {@code insideTheStream}); then, past Logto's reuse window, the next request goes to the second instance.
	 */
	private void streamRefreshesOnFirstThenNextRequestOnSecond(Duration insideTheStream) {
		FluxExchangeResult<String> stream = this.first.get("/api/gated-stream")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isOk()
			.returnResult(String.class);
		// The response is committed: the browser has its cookies, whatever happens in the body from now on.
		this.first.remember(stream.getResponseCookies());
		this.second.jar.putAll(this.first.jar);
		long tokenRequests = this.server.requestCount(Endpoint.TOKEN);
		List<String> events = new ArrayList<>();
		StepVerifier.create(stream.getResponseBody())
			.consumeNextWith(events::add)
			.then(() -> {
				this.clock.advance(insideTheStream);
				this.first.openGate();
			})
			.consumeNextWith(events::add)
			.verifyComplete();
		assertThat(this.server.requestCount(Endpoint.TOKEN) - tokenRequests).as("the refresh inside the stream")
			.isEqualTo(1);
		String rotatedJti = events.get(1).split(" ")[1];
		assertThat(rotatedJti).isNotEqualTo(events.get(0).split(" ")[1]);

		// Past Logto's 3 s reuse window: replaying the consumed refresh token now revokes the grant.
		this.clock.advance(Duration.ofSeconds(10));
		String onSecond = this.second.get("/api/token").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();

		assertThat(onSecond).startsWith(rotatedJti + " ");
		assertThat(this.server.requestCount(Endpoint.TOKEN) - tokenRequests).as("one token request per rotation")
			.isEqualTo(1);
		this.second.get("/logto/user").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.isAuthenticated").isEqualTo(true);
		assertThat(this.first.engine.statistics().refreshFailures() + this.second.engine.statistics().refreshFailures())
			.as("no invalid_grant").isZero();
		}
}
