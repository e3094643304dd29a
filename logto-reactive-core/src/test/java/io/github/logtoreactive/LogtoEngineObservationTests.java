package io.github.logtoreactive;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.support.TestSessionBinding;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogtoEngine.Builder#observationRegistry}: every call to Logto is one {@code logto.http.client.requests}
 * observation, tagged with what was called and how it ended, never with a token, code, user id or session id.
 */
@Timeout(60)
class LogtoEngineObservationTests {

	private static final String NAME = "logto.http.client.requests";

	private static final String REDIRECT = "https://app.example.com/callback";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	final TestObservationRegistry registry = TestObservationRegistry.create();

	final List<RecordedRequest> userInfoRequests = new ArrayList<>();

	FakeLogto logto;

	LogtoEngine engine;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, this.clock);
		Dispatcher fake = this.server.getDispatcher();
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				if (request.getUrl().encodedPath().equals("/oidc/me")) {
					LogtoEngineObservationTests.this.userInfoRequests.add(request);
					return FakeLogto.json(200, Map.of("sub", "user-1", "email", "user-1@example.com"));
				}
				return fake.dispatch(request);
			}
		});
		this.engine = LogtoEngine.builder(this.logto.config().build())
			.clock(this.clock)
			.observationRegistry(this.registry)
			.build();
	}

	private TestSessionBinding signedIn() {
		TestSessionBinding binding = new TestSessionBinding();
		LogtoClient client = this.engine.client(binding);
		SignInRequest request = client.signIn(SignInOptions.builder(REDIRECT).build()).block(TIMEOUT);
		client.handleSignInCallback(this.logto.authorize(request.authorizationUri())).block(TIMEOUT);
		return binding;
	}

	@Test
	void everyCallToLogtoWhenItSucceedsThenOneObservationTaggedWithEndpointGrantTypeAndSuccess() {
		TestSessionBinding binding = signedIn();
		LogtoClient client = this.engine.client(binding);
		client.fetchUserInfo().block(TIMEOUT);
		client.getAccessToken(null, null, true).block(TIMEOUT);
		this.engine.clientCredentials(FakeLogto.APP_ID, FakeLogto.APP_SECRET).getAccessToken(null).block(TIMEOUT);
		String refreshToken = binding.current().refreshToken();
		String sessionId = binding.current().id();
		client.signOut(null).block(TIMEOUT);

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, 7)
			.forAllObservationsWithNameEqualTo(NAME, observation -> observation.doesNotHaveError()
				.hasLowCardinalityKeyValue("outcome", "SUCCESS")
				.hasLowCardinalityKeyValue("status", "200")
				.hasLowCardinalityKeyValue("error.code", "none")
				.hasHighCardinalityKeyValueWithKey("http.url"));
		assertThat(observed()).containsExactlyInAnyOrder("discovery none", "jwks none", "token authorization_code",
				"userinfo none", "token refresh_token", "token client_credentials", "revocation none");
		assertThat(allKeyValues()).as("no token, code, user or session in any tag")
			.noneMatch(value -> value.contains(refreshToken) || value.contains(sessionId)
					|| value.contains("user-1") || value.contains("opaque-at-") || value.contains("m2m-")
					|| value.contains(FakeLogto.APP_SECRET));
		assertThat(allKeyValues()).contains(this.logto.issuer() + "/token");
	}

	@Test
	void tokenCallWhenLogtoRefusesTheGrantThenClientErrorWithStatusAndErrorCode() {
		TestSessionBinding binding = signedIn();
		this.logto.tokenHandler = request -> FakeLogto.json(400,
				FakeLogto.logtoError("invalid_grant", "grant request is invalid"));
		this.registry.clear();

		StepVerifier.create(this.engine.client(binding).getAccessToken(null, null, true))
			.expectError(LogtoException.class)
			.verify(TIMEOUT);

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasLowCardinalityKeyValue("endpoint", "token")
			.hasLowCardinalityKeyValue("grant.type", "refresh_token")
			.hasLowCardinalityKeyValue("status", "400")
			.hasLowCardinalityKeyValue("outcome", "CLIENT_ERROR")
			.hasLowCardinalityKeyValue("error.code", "token_endpoint.invalid_grant")
			.assertThatError()
			.isInstanceOf(TokenEndpointException.class);
	}

	@Test
	void discoveryWhenLogtoAnswers5xxThenServerError() {
		this.logto.discoveryHandler = request -> new MockResponse.Builder().code(503).body("busy").build();

		StepVerifier.create(signIn()).expectError(LogtoTransportException.class).verify(TIMEOUT);

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasLowCardinalityKeyValue("endpoint", "discovery")
			.hasLowCardinalityKeyValue("status", "503")
			.hasLowCardinalityKeyValue("outcome", "SERVER_ERROR")
			.hasLowCardinalityKeyValue("error.code", "transport.io");
	}

	@Test
	void discoveryWhenAnswerBreaksTheProtocolThenInvalidResponse() {
		this.logto.discoveryHandler = request -> FakeLogto.json(200, Map.of("issuer", "https://elsewhere.example"));

		StepVerifier.create(signIn()).expectError(InvalidResponseException.class).verify(TIMEOUT);

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasLowCardinalityKeyValue("status", "200")
			.hasLowCardinalityKeyValue("outcome", "INVALID_RESPONSE")
			.hasLowCardinalityKeyValue("error.code", "unexpected_response");
	}

	@Test
	void discoveryWhenLogtoIsUnreachableThenIoErrorWithoutStatus() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		LogtoEngine unreachable = LogtoEngine.builder(LogtoConfig.builder()
			.endpoint("http://127.0.0.1:" + closedPort)
			.appId(FakeLogto.APP_ID)
			.appSecret(FakeLogto.APP_SECRET)
			.build()).observationRegistry(this.registry).build();

		StepVerifier.create(unreachable.client(new TestSessionBinding()).signIn(SignInOptions.builder(REDIRECT).build()))
			.expectError(LogtoTransportException.class)
			.verify(TIMEOUT);

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("status", "none")
			.hasLowCardinalityKeyValue("outcome", "IO_ERROR")
			.hasLowCardinalityKeyValue("error.code", "transport.io");
	}

	@Test
	void discoveryWhenLogtoNeverAnswersThenTimeout() {
		this.logto.discoveryHandler = request -> new MockResponse.Builder()
			.onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE)
			.build();
		LogtoEngine impatient = LogtoEngine.builder(this.logto.config().responseTimeout(Duration.ofMillis(200)).build())
			.observationRegistry(this.registry)
			.build();

		StepVerifier.create(impatient.client(new TestSessionBinding()).signIn(SignInOptions.builder(REDIRECT).build()))
			.expectError(LogtoTransportException.class)
			.verify(TIMEOUT);

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasLowCardinalityKeyValue("status", "none")
			.hasLowCardinalityKeyValue("outcome", "TIMEOUT")
			.hasLowCardinalityKeyValue("error.code", "transport.timeout");
	}

	@Test
	void callWhenAnObservationIsInTheReactorContextThenItIsTheParent() {
		Observation request = Observation.start("http.server.requests", this.registry);

		signIn().contextWrite(Context.of("micrometer.observation", request)).block(TIMEOUT);
		request.stop();

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasParentObservationEqualTo(request);
	}

	@Test
	void engineWhenNoRegistryOrANoopOneThenNothingIsObserved() {
		LogtoEngine noop = LogtoEngine.builder(this.logto.config().build())
			.observationRegistry(ObservationRegistry.NOOP)
			.build();

		noop.client(new TestSessionBinding()).signIn(SignInOptions.builder(REDIRECT).build()).block(TIMEOUT);

		TestObservationRegistryAssert.assertThat(this.registry).doesNotHaveAnyObservation();
	}

	private reactor.core.publisher.Mono<SignInRequest> signIn() {
		return this.engine.client(new TestSessionBinding()).signIn(SignInOptions.builder(REDIRECT).build());
	}

	private List<Observation.Context> contexts() {
		List<Observation.Context> contexts = new ArrayList<>();
		TestObservationRegistryAssert.assertThat(this.registry).hasHandledContextsThatSatisfy(contexts::addAll);
		return contexts;
	}

	/** Each observation as its endpoint and grant type, checking its span name on the way. */
	private List<String> observed() {
		List<String> observed = new ArrayList<>();
		for (Observation.Context context : contexts()) {
			String endpoint = context.getLowCardinalityKeyValue("endpoint").getValue();
			assertThat(context.getContextualName()).isEqualTo("logto " + endpoint);
			observed.add(endpoint + " " + context.getLowCardinalityKeyValue("grant.type").getValue());
		}
		return observed;
	}

	private List<String> allKeyValues() {
		List<String> values = new ArrayList<>();
		for (Observation.Context context : contexts()) {
			context.getAllKeyValues().stream().map(KeyValue::getValue).forEach(values::add);
			values.add(String.valueOf(context.getContextualName()));
		}
		return values;
	}
}
