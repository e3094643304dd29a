package io.github.logtoreactive.internal.discovery;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.logtoreactive.InvalidResponseException;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.internal.http.LogtoHttp;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(20)
class DiscoveryCacheTests {

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	FakeLogto logto;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, this.clock);
	}

	private DiscoveryCache cache(LogtoConfig config) {
		return new DiscoveryCache(new LogtoHttp(HttpClient.create(), config, Schedulers.parallel()), config,
				this.clock);
	}

	private DiscoveryCache cache() {
		return cache(this.logto.config().build());
	}

	@Test
	void getWhenLogtoAnswersThenValidatedMetadata() {
		StepVerifier.create(cache().get()).assertNext(metadata -> {
			assertThat(metadata.issuer()).isEqualTo(this.logto.issuer());
			assertThat(metadata.tokenEndpoint()).hasToString(this.logto.issuer() + "/token");
			assertThat(metadata.jwksUri()).hasToString(this.logto.issuer() + "/jwks");
			assertThat(metadata.revocationEndpoint()).hasToString(this.logto.issuer() + "/token/revocation");
			assertThat(metadata.idTokenSigningAlgorithms()).containsExactly(JWSAlgorithm.ES384);
		}).verifyComplete();
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void getWhenEndpointHasTenantPathThenPathKept() {
		FakeLogto tenant = new FakeLogto(this.server, this.clock, "/tenant-a");
		StepVerifier.create(cache(tenant.config().build()).get())
			.assertNext(metadata -> assertThat(metadata.issuer()).endsWith("/tenant-a/oidc"))
			.verifyComplete();
		assertThat(tenant.discoveryCount()).isEqualTo(1);
	}

	@Test
	void getWhenNotSubscribedThenNoRequest() {
		cache().get();
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void getWhenHundredConcurrentFirstCallersThenOneRequest() {
		DiscoveryCache cache = cache();
		this.logto.discoveryHandler = request -> new MockResponse.Builder(
				FakeLogto.json(200, this.logto.discoveryDocument()))
			.headersDelay(200, java.util.concurrent.TimeUnit.MILLISECONDS)
			.build();
		Mono<List<OidcProviderMetadata>> all = Flux.range(0, 100)
			.parallel(8)
			.runOn(Schedulers.parallel())
			.flatMap(i -> cache.get())
			.sequential()
			.collectList();
		StepVerifier.create(all).assertNext(list -> {
			assertThat(list).hasSize(100);
			assertThat(list).allSatisfy(m -> assertThat(m).isSameAs(list.get(0)));
		}).verifyComplete();
		assertThat(this.logto.discoveryCount()).isEqualTo(1);
	}

	@Test
	void getWhenFirstFetchFailsThenFailureNotCached() {
		DiscoveryCache cache = cache();
		this.logto.discoveryHandler = request -> new MockResponse.Builder().code(503).body("down").build();
		StepVerifier.create(cache.get()).expectError(LogtoTransportException.class).verify(Duration.ofSeconds(5));
		this.logto.discoveryHandler = request -> FakeLogto.json(200, this.logto.discoveryDocument());
		StepVerifier.create(cache.get()).expectNextCount(1).verifyComplete();
		assertThat(this.logto.discoveryCount()).isEqualTo(2);
	}

	@Test
	void getWhenWithinTtlThenCachedAndAfterTtlThenRefetched() {
		DiscoveryCache cache = cache(this.logto.config().discoveryTtl(Duration.ofMinutes(5)).build());
		StepVerifier.create(cache.get()).expectNextCount(1).verifyComplete();
		this.clock.advance(Duration.ofMinutes(4));
		StepVerifier.create(cache.get()).expectNextCount(1).verifyComplete();
		assertThat(this.logto.discoveryCount()).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(2));
		StepVerifier.create(cache.get()).expectNextCount(1).verifyComplete();
		assertThat(this.logto.discoveryCount()).isEqualTo(2);
	}

	@Test
	void getWhenRefreshAfterTtlFailsThenPreviousDocumentServed() {
		DiscoveryCache cache = cache(this.logto.config().discoveryTtl(Duration.ofMinutes(5)).build());
		OidcProviderMetadata first = cache.get().block(Duration.ofSeconds(5));
		this.clock.advance(Duration.ofMinutes(6));
		this.logto.discoveryHandler = request -> new MockResponse.Builder().code(500).build();
		StepVerifier.create(cache.get()).expectNext(first).verifyComplete();
		assertThat(this.logto.discoveryCount()).isEqualTo(2);
	}

	@Test
	void getWhenIssuerIsAnotherThenInvalidResponse() {
		this.logto.discoveryHandler = request -> {
			var doc = this.logto.discoveryDocument();
			doc.put("issuer", "https://evil.example.com/oidc");
			return FakeLogto.json(200, doc);
		};
		StepVerifier.create(cache().get())
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidResponseException.class)
				.hasMessageContaining("issuer"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void getWhenTokenEndpointMissingThenInvalidResponse() {
		this.logto.discoveryHandler = request -> {
			var doc = this.logto.discoveryDocument();
			doc.remove("token_endpoint");
			return FakeLogto.json(200, doc);
		};
		StepVerifier.create(cache().get())
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidResponseException.class)
				.hasMessageContaining("token_endpoint"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void getWhenOnlyHmacOrNoneAdvertisedThenInvalidResponse() {
		this.logto.idTokenAlgorithms = List.of("HS256", "none");
		StepVerifier.create(cache().get())
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidResponseException.class)
				.hasMessageContaining("asymmetric"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void getWhenHmacAdvertisedAlongsideThenHmacDropped() {
		this.logto.idTokenAlgorithms = List.of("HS256", "ES384", "RS256");
		StepVerifier.create(cache().get())
			.assertNext(m -> assertThat(m.idTokenSigningAlgorithms()).containsExactlyInAnyOrder(JWSAlgorithm.ES384,
					JWSAlgorithm.RS256))
			.verifyComplete();
	}

	@Test
	void getWhenBodyIsNotJsonThenInvalidResponse() {
		this.logto.discoveryHandler = request -> new MockResponse.Builder().code(200).body("<html>hi</html>").build();
		StepVerifier.create(cache().get()).expectError(InvalidResponseException.class).verify(Duration.ofSeconds(5));
	}

	@Test
	void getWhenNotFoundThenInvalidResponse() {
		this.logto.discoveryHandler = request -> new MockResponse.Builder().code(404).build();
		StepVerifier.create(cache().get())
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidResponseException.class)
				.hasMessageContaining("404"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void getWhenLogtoIsDownThenTransportException() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		LogtoConfig config = LogtoConfig.builder().endpoint("http://127.0.0.1:" + closedPort).appId("app").build();
		StepVerifier.create(cache(config).get())
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(LogtoTransportException.class)
				.extracting(ex -> ((LogtoTransportException) ex).code())
				.isEqualTo("transport.io"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void getWhenSlowerThanResponseTimeoutThenTimeout() {
		this.logto.discoveryHandler = request -> new MockResponse.Builder(
				FakeLogto.json(200, this.logto.discoveryDocument()))
			.headersDelay(2, java.util.concurrent.TimeUnit.SECONDS)
			.build();
		StepVerifier.create(cache(this.logto.config().responseTimeout(Duration.ofMillis(200)).build()).get())
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(LogtoTransportException.class)
				.satisfies(ex -> assertThat(((LogtoTransportException) ex).isTimeout()).isTrue()))
			.verify(Duration.ofSeconds(5));
	}
}
