package io.github.logtoreactive.internal.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.logtoreactive.InvalidResponseException;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.TokenEndpointException;
import io.github.logtoreactive.internal.discovery.DiscoveryCache;
import io.github.logtoreactive.internal.http.LogtoHttp;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(20)
class HttpTokenEndpointTests {

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	FakeLogto logto;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, this.clock);
	}

	private HttpTokenEndpoint endpoint(LogtoConfig config) {
		LogtoHttp http = new LogtoHttp(HttpClient.create(), config, Schedulers.parallel());
		return new HttpTokenEndpoint(http, new DiscoveryCache(http, config, this.clock), config, this.clock);
	}

	private HttpTokenEndpoint endpoint() {
		return endpoint(this.logto.config().build());
	}

	private void answer(MockResponse response) {
		this.logto.tokenHandler = request -> response;
	}

	private void answerJson(int status, String body) {
		answer(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build());
	}

	private RecordedRequest lastTokenRequest() {
		assertThat(this.logto.tokenRequests).isNotEmpty();
		return this.logto.tokenRequests.get(this.logto.tokenRequests.size() - 1);
	}

	private static String body(RecordedRequest request) {
		return request.getBody() == null ? "" : request.getBody().utf8();
	}

	private static final String OK = "{\"access_token\":\"at\",\"expires_in\":3600,\"id_token\":\"x.y.z\","
			+ "\"refresh_token\":\"rt\",\"scope\":\"openid\",\"token_type\":\"Bearer\"}";

	@Test
	void exchangeAuthorizationCodeWhenConfidentialClientThenBasicWithFormEncodedCredentialsAndNoResource() {
		answerJson(200, OK);
		HttpTokenEndpoint endpoint = endpoint(this.logto.config().resources("https://api.example.com").build());
		StepVerifier.create(endpoint.exchangeAuthorizationCode("the code", "verifier-1", "https://app/cb?x=1"))
			.assertNext(response -> {
				assertThat(response.accessToken()).isEqualTo("at");
				assertThat(response.refreshToken()).isEqualTo("rt");
				assertThat(response.idToken()).isEqualTo("x.y.z");
				assertThat(response.expiresIn()).isEqualTo(3600);
				assertThat(response.tokenType()).isEqualTo("Bearer");
			})
			.verifyComplete();
		RecordedRequest request = lastTokenRequest();
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
		assertThat(body(request)).isEqualTo("grant_type=authorization_code&code=the+code&code_verifier=verifier-1"
				+ "&redirect_uri=https%3A%2F%2Fapp%2Fcb%3Fx%3D1");
		assertThat(body(request)).doesNotContain("resource").doesNotContain("client_id");
		String expected = Base64.getEncoder()
			.encodeToString("app-0123:s3cr%3At%2F%2B+%C3%A9%26%3D".getBytes(StandardCharsets.UTF_8));
		assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic " + expected);
	}

	@Test
	void exchangeAuthorizationCodeWhenPublicClientThenClientIdInFormAndNoAuthorization() {
		answerJson(200, OK);
		StepVerifier.create(endpoint(this.logto.config().appSecret(null).build()).exchangeAuthorizationCode("c", "v",
				"https://app/cb")).expectNextCount(1).verifyComplete();
		RecordedRequest request = lastTokenRequest();
		assertThat(request.getHeaders().get("Authorization")).isNull();
		assertThat(body(request)).endsWith("&client_id=app-0123");
	}

	@Test
	void refreshWhenResourceAndOrganizationThenBothSent() {
		answerJson(200, OK);
		StepVerifier.create(endpoint().refresh("rt-1", "https://api.example.com", "org-1"))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(body(lastTokenRequest())).isEqualTo("grant_type=refresh_token&refresh_token=rt-1"
				+ "&resource=https%3A%2F%2Fapi.example.com&organization_id=org-1");
	}

	@Test
	void refreshWhenNoResourceThenNeitherSent() {
		answerJson(200, OK);
		StepVerifier.create(endpoint().refresh("rt-1", null, "")).expectNextCount(1).verifyComplete();
		assertThat(body(lastTokenRequest())).isEqualTo("grant_type=refresh_token&refresh_token=rt-1");
	}

	@Test
	void clientCredentialsWhenCalledThenGivenClientsOwnCredentials() {
		answerJson(200, "{\"access_token\":\"m2m\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
		StepVerifier.create(endpoint().clientCredentials("m2m-app", "m2m secret", "https://api", null, "read write"))
			.assertNext(r -> {
				assertThat(r.scope()).isNull();
				assertThat(r.idToken()).isNull();
			})
			.verifyComplete();
		RecordedRequest request = lastTokenRequest();
		assertThat(body(request)).isEqualTo("grant_type=client_credentials&resource=https%3A%2F%2Fapi&scope=read+write");
		assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic "
				+ Base64.getEncoder().encodeToString("m2m-app:m2m+secret".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void revokeWhenCalledThenTokenAndHintSentWithClientAuthentication() {
		StepVerifier.create(endpoint().revoke("rt-1", "refresh_token")).verifyComplete();
		assertThat(this.logto.revocationRequests).hasSize(1);
		RecordedRequest request = this.logto.revocationRequests.get(0);
		assertThat(body(request)).isEqualTo("token=rt-1&token_type_hint=refresh_token");
		assertThat(request.getHeaders().get("Authorization")).startsWith("Basic ");
	}

	@Test
	void revokeWhenRefusedThenTokenEndpointException() {
		this.logto.revocationHandler = request -> FakeLogto.json(400,
				FakeLogto.logtoError("unsupported_token_type", "Structured JWT Tokens cannot be revoked"));
		StepVerifier.create(endpoint().revoke("a.b.c", "access_token"))
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TokenEndpointException.class)
				.extracting("error")
				.isEqualTo("unsupported_token_type"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void grantWhenScopeEmptyStringThenKeptAsEmptyString() {
		answerJson(200, "{\"access_token\":\"at\",\"expires_in\":3600,\"scope\":\"\",\"token_type\":\"Bearer\"}");
		StepVerifier.create(endpoint().refresh("rt", null, "org-1"))
			.assertNext(r -> assertThat(r.scope()).isEmpty())
			.verifyComplete();
	}

	@Test
	void grantWhenExpiresInIsWholeDoubleThenAccepted() {
		answerJson(200, "{\"access_token\":\"at\",\"expires_in\":3600.0}");
		StepVerifier.create(endpoint().refresh("rt", null, null))
			.assertNext(r -> assertThat(r.expiresIn()).isEqualTo(3600))
			.verifyComplete();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"expires_in\":3600}", "{\"access_token\":\"\",\"expires_in\":3600}",
			"{\"access_token\":\"at\"}", "{\"access_token\":\"at\",\"expires_in\":-1}",
			"{\"access_token\":\"at\",\"expires_in\":\"3600\"}", "{\"access_token\":\"at\",\"expires_in\":1.5}",
			"{\"access_token\":42,\"expires_in\":3600}", "{\"access_token\":\"at\",\"expires_in\":3600,\"id_token\":1}",
			"not json", "[]", "" })
	void grantWhenSuccessBodyBreaksProtocolThenInvalidResponse(String body) {
		answerJson(200, body);
		StepVerifier.create(endpoint().refresh("rt", null, null))
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidResponseException.class)
				.satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("3600").doesNotContain("\"at\"")))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void grantWhenInvalidGrantThenTokenEndpointExceptionWithLogtoFields() {
		answerJson(400, "{\"code\":\"oidc.invalid_grant\",\"message\":\"Grant request is invalid.\","
				+ "\"error_uri\":\"https://openid.sh/debug/invalid_grant\",\"error\":\"invalid_grant\","
				+ "\"error_description\":\"grant request is invalid\"}");
		StepVerifier.create(endpoint().exchangeAuthorizationCode("secret-code-value", "v", "https://app/cb"))
			.expectErrorSatisfies(tokenError(e -> {
				assertThat(e.status()).isEqualTo(400);
				assertThat(e.error()).isEqualTo("invalid_grant");
				assertThat(e.errorDescription()).isEqualTo("grant request is invalid");
				assertThat(e.logtoCode()).isEqualTo("oidc.invalid_grant");
				assertThat(e.code()).isEqualTo("token_endpoint.invalid_grant");
				assertThat(e.retryAfter()).isNull();
				assertThat(e.getMessage()).doesNotContain("secret-code-value");
			}))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void grantWhenInvalidClientThen401TokenEndpointException() {
		answerJson(401, "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}");
		StepVerifier.create(endpoint().refresh("rt", null, null)).expectErrorSatisfies(tokenError(e -> {
			assertThat(e.status()).isEqualTo(401);
			assertThat(e.error()).isEqualTo("invalid_client");
			assertThat(e.logtoCode()).isNull();
		})).verify(Duration.ofSeconds(5));
	}

	@Test
	void grantWhenRateLimitedThenRetryAfterSeconds() {
		answer(new MockResponse.Builder().code(429).setHeader("Retry-After", "7").body("slow down").build());
		StepVerifier.create(endpoint().refresh("rt", null, null)).expectErrorSatisfies(tokenError(e -> {
			assertThat(e.status()).isEqualTo(429);
			assertThat(e.error()).isEqualTo("http_error_429");
			assertThat(e.isTransient()).isTrue();
			assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
		})).verify(Duration.ofSeconds(5));
	}

	@Test
	void grantWhenServiceUnavailableWithHttpDateThenRetryAfterFromClock() {
		String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
			.format(this.clock.instant().plusSeconds(120).atZone(java.time.ZoneOffset.UTC));
		answer(new MockResponse.Builder().code(503).setHeader("Retry-After", date)
			.setHeader("Content-Type", "application/json")
			.body("{\"error\":\"server_error\",\"error_description\":\"oops! something went wrong\"}")
			.build());
		StepVerifier.create(endpoint().refresh("rt", null, null)).expectErrorSatisfies(tokenError(e -> {
			assertThat(e.error()).isEqualTo("server_error");
			assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
		})).verify(Duration.ofSeconds(5));
	}

	@Test
	void grantWhenProxyAnswersHtml502ThenSyntheticHttpError() {
		answer(new MockResponse.Builder().code(502).body("<html>Bad gateway</html>").build());
		StepVerifier.create(endpoint().refresh("rt", null, null)).expectErrorSatisfies(tokenError(e -> {
			assertThat(e.status()).isEqualTo(502);
			assertThat(e.error()).isEqualTo("http_error_502");
			assertThat(e.errorDescription()).isNull();
		})).verify(Duration.ofSeconds(5));
	}

	@Test
	void grantWhenSlowerThanResponseTimeoutThenTransportTimeout() {
		answer(new MockResponse.Builder(FakeLogto.json(200, Map.of("access_token", "at", "expires_in", 1)))
			.headersDelay(2, TimeUnit.SECONDS)
			.build());
		HttpTokenEndpoint endpoint = endpoint(this.logto.config().responseTimeout(Duration.ofMillis(300)).build());
		StepVerifier.create(endpoint.refresh("rt", null, null))
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(LogtoTransportException.class,
					t -> assertThat(t.isTimeout()).isTrue()))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void grantWhenNotSubscribedThenNothingSent() {
		endpoint().exchangeAuthorizationCode("c", "v", "https://app/cb");
		endpoint().refresh("rt", null, null);
		endpoint().revoke("rt", "refresh_token");
		assertThat(this.server.getRequestCount()).isZero();
	}

	private static Consumer<Throwable> tokenError(Consumer<TokenEndpointException> assertions) {
		return e -> assertThat(e).isInstanceOfSatisfying(TokenEndpointException.class, assertions);
	}

	@Test
	void clientCredentialsWhenResourceOrganizationAndScopeThenEachIsSentAndAbsentOnesAreNot() {
		answerJson(200, "{\"access_token\":\"m2m\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");

		endpoint().clientCredentials("m2m-app", "m2m-secret", "https://api.example.com", "org-1", "read:all")
			.block(Duration.ofSeconds(5));
		Map<String, String> full = FakeLogto.parseQuery(body(lastTokenRequest()));
		endpoint().clientCredentials("m2m-app", "m2m-secret", null, null, null).block(Duration.ofSeconds(5));
		Map<String, String> bare = FakeLogto.parseQuery(body(lastTokenRequest()));

		assertThat(full).containsEntry("grant_type", "client_credentials")
			.containsEntry("resource", "https://api.example.com")
			.containsEntry("organization_id", "org-1")
			.containsEntry("scope", "read:all");
		assertThat(bare).containsOnlyKeys("grant_type");
	}

	@Test
	void refreshWhenTokenTypeIsMissingOrEmptyThenBearerElseAsSent() {
		answerJson(200, "{\"access_token\":\"at\",\"expires_in\":60}");
		assertThat(endpoint().refresh("rt", null, null).block(Duration.ofSeconds(5)).tokenType()).isEqualTo("Bearer");
		answerJson(200, "{\"access_token\":\"at\",\"expires_in\":60,\"token_type\":\"\"}");
		assertThat(endpoint().refresh("rt", null, null).block(Duration.ofSeconds(5)).tokenType()).isEqualTo("Bearer");
		answerJson(200, "{\"access_token\":\"at\",\"expires_in\":60,\"token_type\":\"DPoP\"}");
		assertThat(endpoint().refresh("rt", null, null).block(Duration.ofSeconds(5)).tokenType()).isEqualTo("DPoP");
	}

	@Test
	void tokenResponseToStringWhenItHoldsTokensThenShowsNoneOfThem() {
		TokenResponse full = new TokenResponse("access-secret", "refresh-secret", "id-secret", "openid", 60, "Bearer");
		TokenResponse bare = new TokenResponse("access-secret", null, null, null, 60, "Bearer");

		assertThat(full.toString()).doesNotContain("secret").contains("refreshToken=****", "idToken=****",
				"scope=openid", "expiresIn=60");
		assertThat(bare.toString()).doesNotContain("secret").contains("refreshToken=none", "idToken=none");
	}
}
