package io.github.logtoreactive.example;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.test.Endpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example's HTTP contract over real HTTP, in embedded mode: the JSON endpoints, their errors and the demo API.
 */
@Timeout(120)
class ExampleApiTests {

	private static final String API = "https://api.example.com";

	private static final String BILLING = "https://billing.example.com";

	private static final String M2M_APP_ID = "example-m2m-app";

	private static ExampleServer example;

	private static WebTestClient client;

	@BeforeAll
	static void start() {
		example = ExampleServer.embedded();
		client = example.client();
	}

	@AfterAll
	static void stop() {
		example.close();
	}

	@AfterEach
	void clearFaults() {
		example.logto().faults().clear();
	}

	private static CookieJar signIn(String userId) {
		return HttpSignIn.signIn(example, userId);
	}

	private static WebTestClient.ResponseSpec get(CookieJar jar, String uri) {
		return client.get().uri(URI.create(example.baseUrl + uri)).accept(MediaType.APPLICATION_JSON)
			.cookies(jar::applyTo).exchange();
	}

	@Test
	void contextWhenSignedOutThen401Json() {
		client.get().uri("/api/context").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.error").isEqualTo("not_authenticated")
			.jsonPath("$.message").isNotEmpty();
	}

	@Test
	void contextWhenBrowserSignedOutThen401JsonNotRedirect() {
		client.get().uri("/api/context?fetchUserInfo=true").accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error").isEqualTo("not_authenticated");
	}

	@Test
	void streamWhenSignedOutThen401JsonNotStream() {
		client.get().uri("/api/stream?resource=" + API).accept(MediaType.TEXT_EVENT_STREAM).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody().jsonPath("$.error").isEqualTo("not_authenticated");
	}

	@ParameterizedTest
	@ValueSource(strings = { "events=0", "events=1001", "events=abc", "events=-5", "events=1e3",
			"intervalMs=-1", "intervalMs=60001", "intervalMs=fast", "events=99999999999" })
	void streamWhenBadParametersThen400(String parameter) {
		CookieJar jar = signIn("user-1");
		get(jar, "/api/stream?" + parameter)
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.error").isEqualTo("invalid_request")
			.jsonPath("$.message").isNotEmpty();
	}

	@Test
	void streamWhenBadParametersWithoutSessionThen400() {
		client.get().uri("/api/stream?events=0").exchange().expectStatus().isBadRequest()
			.expectBody().returnResult();
	}

	@Test
	void streamWhenSignedInThenEachEventReadsTheResourceToken() {
		CookieJar jar = signIn("user-1");
		FluxExchangeResult<ServerSentEvent<String>> result = client.get()
			.uri("/api/stream?resource={r}&events=3&intervalMs=20", BILLING)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.cookies(jar::applyTo)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			});
		List<ServerSentEvent<String>> events = result.getResponseBody().collectList().block(Duration.ofSeconds(30));
		assertThat(events).hasSize(3);
		for (int i = 0; i < 3; i++) {
			assertThat(events.get(i).data()).startsWith("{\"n\":" + i + ",\"exp\":").contains("\"jti\":\"");
		}
		assertThat(events.get(0).data().replaceFirst("\"n\":0", "")).isEqualTo(events.get(2).data().replaceFirst("\"n\":2", ""));
	}

	@Test
	void streamWithoutResourceThenFirstConfiguredResource() {
		CookieJar jar = signIn("user-1");
		String first = get(jar, "/api/context?resource=" + API).expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("accessTokenClaims").toString();
		List<ServerSentEvent<String>> events = client.get().uri("/api/stream?events=1&intervalMs=0")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.cookies(jar::applyTo)
			.exchange()
			.expectStatus().isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody().collectList().block(Duration.ofSeconds(30));
		assertThat(events).hasSize(1);
		String jti = events.get(0).data().replaceAll(".*\"jti\":\"([^\"]+)\".*", "$1");
		assertThat(first).contains("jti=" + jti);
	}

	@Test
	void streamThenTokenIsObtainedBeforeTheFirstByteAndTheResponseCookieCarriesIt() {
		CookieJar jar = signIn("user-1");
		long tokenRequests = example.logto().requestCount(Endpoint.TOKEN);
		FluxExchangeResult<ServerSentEvent<String>> result = client.get()
			.uri("/api/stream?resource={r}&events=2&intervalMs=0", BILLING)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.cookies(jar::applyTo)
			.exchange()
			.expectStatus().isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			});
		List<ServerSentEvent<String>> events = result.getResponseBody().collectList().block(Duration.ofSeconds(30));
		assertThat(result.getResponseCookies()).as("the streaming response's Set-Cookie").containsKey("logto_session");
		jar.remember(result);
		String jti = events.get(0).data().replaceAll(".*\"jti\":\"([^\"]+)\".*", "$1");
		get(jar, "/api/context?resource=" + BILLING).expectStatus().isOk()
			.expectBody().jsonPath("$.accessTokenClaims.jti").isEqualTo(jti);
		assertThat(example.logto().requestCount(Endpoint.TOKEN)).as("one token request for the stream, none after")
			.isEqualTo(tokenRequests + 1);
	}

	@Test
	void contextWhenTheRefreshTokenIsRevokedThen401InvalidGrantAndTheSessionIsCleared() {
		CookieJar jar = signIn("user-1");
		example.logto().reset();
		EntityExchangeResult<byte[]> expired = get(jar, "/api/context?resource=" + API)
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error").isEqualTo("token_endpoint.invalid_grant")
			.returnResult();
		jar.remember(expired);
		get(jar, "/api/context").expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error").isEqualTo("not_authenticated");
	}

	@Test
	void blockingCallWhenOnAReactorThreadOfThisJvmThenBlockHoundFailsIt() {
		// The example runs in this JVM: a blocking call on a Reactor thread must fail, so the tests above prove that
		// request handling never blocks.
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> reactor.core.publisher.Mono
			.fromCallable(() -> {
				Thread.sleep(1);
				return 1;
			})
			.subscribeOn(reactor.core.scheduler.Schedulers.parallel())
			.block(Duration.ofSeconds(5))).hasCauseInstanceOf(reactor.blockhound.BlockingOperationError.class);
	}

	@Test
	void contextWhenManyConcurrentRequestsOfOneSessionThenOneTokenRequest() {
		CookieJar jar = signIn("user-2");
		long tokenRequests = example.logto().requestCount(Endpoint.TOKEN);
		org.springframework.web.reactive.function.client.WebClient web = org.springframework.web.reactive.function.client.WebClient
			.create(example.baseUrl);
		List<String> jtis = reactor.core.publisher.Flux.range(0, 40)
			.flatMap(i -> web.get().uri("/api/context?resource={r}", BILLING).cookies(jar::applyTo)
				.retrieve().bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
				}))
			.map(body -> String.valueOf(((Map<?, ?>) body.get("accessTokenClaims")).get("jti")))
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(jtis).hasSize(40);
		assertThat(jtis.stream().distinct()).hasSize(1);
		assertThat(example.logto().requestCount(Endpoint.TOKEN)).isEqualTo(tokenRequests + 1);
	}

	@Test
	void contextWhenSignedInThenClaimsAndNothingElse() {
		CookieJar jar = signIn("user-1");
		get(jar, "/api/context").expectStatus().isOk()
			.expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
			.expectBody()
			.jsonPath("$.isAuthenticated").isEqualTo(true)
			.jsonPath("$.claims.sub").isEqualTo("user-1")
			.jsonPath("$.claims.email").isEqualTo("alice@example.com")
			.jsonPath("$.claims.created_at").isEqualTo(1735689600000L)
			.jsonPath("$.claims.organizations").isArray()
			.jsonPath("$.userInfo").doesNotExist()
			.jsonPath("$.accessToken").doesNotExist()
			.jsonPath("$.accessTokenClaims").doesNotExist()
			.jsonPath("$.organizationToken").doesNotExist()
			.jsonPath("$.organizationTokenClaims").doesNotExist()
			.jsonPath("$.organizationTokens").doesNotExist();
	}

	@Test
	void contextWithResourceThenAccessTokenAndItsClaims() {
		CookieJar jar = signIn("user-1");
		EntityExchangeResult<Map<String, Object>> result = get(jar, "/api/context?resource=" + API)
			.expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult();
		Map<String, Object> body = result.getResponseBody();
		assertThat(body).containsKeys("isAuthenticated", "claims", "accessToken", "accessTokenClaims")
			.doesNotContainKeys("organizationToken", "organizationTokenClaims", "organizationTokens", "userInfo");
		@SuppressWarnings("unchecked")
		Map<String, Object> claims = (Map<String, Object>) body.get("accessTokenClaims");
		assertThat(claims).containsEntry("aud", API).containsEntry("sub", "user-1");
		assertThat((String) claims.get("scope")).contains("read", "write");
		assertThat((String) body.get("accessToken")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
	}

	@Test
	void contextWithOrganizationThenOrganizationToken() {
		CookieJar jar = signIn("user-1");
		get(jar, "/api/context?organizationId=org-1").expectStatus().isOk()
			.expectBody()
			.jsonPath("$.organizationToken").isNotEmpty()
			.jsonPath("$.organizationTokenClaims.aud").isEqualTo("urn:logto:organization:org-1")
			.jsonPath("$.accessToken").doesNotExist()
			.jsonPath("$.accessTokenClaims").doesNotExist();
	}

	@Test
	void contextWithResourceAndOrganizationThenOrganizationLevelApiToken() {
		CookieJar jar = signIn("user-1");
		get(jar, "/api/context?resource=" + API + "&organizationId=org-1").expectStatus().isOk()
			.expectBody()
			.jsonPath("$.accessTokenClaims.aud").isEqualTo(API)
			.jsonPath("$.accessTokenClaims.organization_id").isEqualTo("org-1")
			.jsonPath("$.organizationToken").doesNotExist();
	}

	@Test
	void contextWithOrganizationTokensAndUserInfoThenAllOfThem() {
		CookieJar jar = signIn("user-1");
		get(jar, "/api/context?organizationTokens=true&fetchUserInfo=true").expectStatus().isOk()
			.expectBody()
			.jsonPath("$.organizationTokens.length()").isEqualTo(2)
			.jsonPath("$.organizationTokens[0].organizationId").isEqualTo("org-1")
			.jsonPath("$.organizationTokens[0].token").isNotEmpty()
			.jsonPath("$.organizationTokens[1].organizationId").isEqualTo("org-2")
			.jsonPath("$.userInfo.sub").isEqualTo("user-1")
			.jsonPath("$.userInfo.custom_data.plan").isEqualTo("pro");
	}

	@Test
	void contextWithUserInfoWhenLogtoAnswersForAnotherSubjectThen502WithoutTheirUserInfo() {
		CookieJar jar = signIn("user-1");
		example.logto().faults().userinfoSubject("user-2");

		EntityExchangeResult<byte[]> refused = get(jar, "/api/context?fetchUserInfo=true").expectStatus()
			.isEqualTo(502)
			.expectBody()
			.jsonPath("$.error").isEqualTo("userinfo.subject_mismatch")
			.jsonPath("$.userInfo").doesNotExist()
			.returnResult();
		assertThat(new String(refused.getResponseBodyContent(), java.nio.charset.StandardCharsets.UTF_8))
			.doesNotContain("user-2");
		// The session survives.
		example.logto().faults().clear();
		get(jar, "/api/context?fetchUserInfo=true").expectStatus().isOk()
			.expectBody().jsonPath("$.userInfo.sub").isEqualTo("user-1");
	}

	@Test
	void contextWithResourceWhenTheRefreshReturnsAnIdTokenOfAnotherSubjectThen502AndNoToken() {
		CookieJar jar = signIn("user-1");
		example.logto().faults().idTokenSubject("user-2");

		get(jar, "/api/context?resource=" + API).expectStatus().isEqualTo(502)
			.expectBody()
			.jsonPath("$.error").isEqualTo("id_token.subject_mismatch")
			.jsonPath("$.accessToken").doesNotExist();
		example.logto().faults().clear();
		get(jar, "/api/context").expectStatus().isOk()
			.expectBody().jsonPath("$.claims.sub").isEqualTo("user-1");
	}

	@Test
	void contextWhenNotAMemberOfTheOrganizationThen403() {
		CookieJar jar = signIn("user-2");
		get(jar, "/api/context?organizationId=org-2").expectStatus().isForbidden()
			.expectBody().jsonPath("$.error").isEqualTo("token_endpoint.access_denied");
		// The session survives a refused organization.
		get(jar, "/api/context").expectStatus().isOk()
			.expectBody().returnResult();
	}

	@Test
	void contextWhenLogtoRefusesTheResourceThen400() {
		CookieJar jar = signIn("user-1");
		get(jar, "/api/context?resource=https://unknown.example.com").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isEqualTo("token_endpoint.invalid_target");
		get(jar, "/api/context").expectStatus().isOk()
			.expectBody().returnResult();
	}

	@ParameterizedTest
	@ValueSource(strings = { "resource=not%20a%20uri", "resource=relative/path", "resource=https://a.example/%23frag#x",
			"fetchUserInfo=perhaps", "organizationTokens=2", "organizationId=%00org" })
	void contextWhenForgedParametersThen400(String query) {
		CookieJar jar = signIn("user-1");
		client.get().uri(URI.create(example.baseUrl + "/api/context?" + query)).cookies(jar::applyTo).exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isNotEmpty().jsonPath("$.message").isNotEmpty();
	}

	@Test
	void contextWhenLogtoAnswers5xxThen502() {
		CookieJar jar = signIn("user-1");
		example.logto().faults().serverError(Endpoint.TOKEN, 20);
		get(jar, "/api/context?resource=" + BILLING).expectStatus().isEqualTo(502)
			.expectBody().jsonPath("$.error").isEqualTo("token_endpoint.server_error");
		example.logto().faults().clear();
		get(jar, "/api/context?resource=" + BILLING).expectStatus().isOk()
			.expectBody().returnResult();
	}

	@Test
	void m2mInEmbeddedModeThenDemoApiAnswersWithTheClientCredentialsToken() {
		client.get().uri("/api/m2m").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.resource").isEqualTo(API)
			.jsonPath("$.status").isEqualTo(200)
			.jsonPath("$.response.sub").isEqualTo(M2M_APP_ID)
			.jsonPath("$.response.aud").isEqualTo(API)
			.jsonPath("$.response.clientId").isEqualTo(M2M_APP_ID);
		client.get().uri("/api/m2m?resource={r}", BILLING).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.response.aud").isEqualTo(BILLING);
	}

	@Test
	void m2mWhenResourceIsNotConfiguredThen400() {
		client.get().uri("/api/m2m?resource=https://unknown.example.com").exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isEqualTo("invalid_target");
	}

	@Test
	void demoApiWhenNoOrBadTokenThen401() {
		client.get().uri("/demo-api/echo").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
			.expectBody().jsonPath("$.error").isEqualTo("invalid_token");
		client.get().uri("/demo-api/echo").header(HttpHeaders.AUTHORIZATION, "Bearer not.a.jwt").exchange()
			.expectStatus().isUnauthorized()
			.expectBody().returnResult();
	}

	@Test
	void demoApiWhenUserTokenForAnotherAudienceThen401() {
		CookieJar jar = signIn("user-1");
		String organizationToken = (String) get(jar, "/api/context?organizationId=org-1")
			.expectBody(Map.class).returnResult().getResponseBody().get("organizationToken");
		client.get().uri("/demo-api/echo").headers(h -> h.setBearerAuth(organizationToken)).exchange()
			.expectStatus().isUnauthorized()
			.expectBody().returnResult();
		String apiToken = (String) get(jar, "/api/context?resource=" + API)
			.expectBody(Map.class).returnResult().getResponseBody().get("accessToken");
		client.get().uri("/demo-api/echo").headers(h -> h.setBearerAuth(apiToken)).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.sub").isEqualTo("user-1").jsonPath("$.clientId").isEqualTo(DemoTenant.WEB_APP_ID);
	}

	@Test
	void demoApiWhenTokenRefusedByTheSecurityChainThen401InvalidToken() {
		client.get().uri("/demo-api/echo").header(HttpHeaders.AUTHORIZATION, "Bearer not.a.jwt").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
			.expectBody().jsonPath("$.error").isEqualTo("invalid_token");
	}

	@Test
	void adminWhenGlobalRoleAdminThen200ElseForbiddenAndSignedOut401() {
		get(signIn("user-1"), "/api/admin").expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(Map.class).isEqualTo(Map.of("sub", "user-1"));
		get(signIn("user-2"), "/api/admin").expectStatus().isForbidden()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody().jsonPath("$.error").isEqualTo("access_denied");
		client.get().uri("/api/admin").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isUnauthorized()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody().jsonPath("$.error").isEqualTo("not_authenticated");
	}

	@Test
	void organizationAdminWhenOrganizationRoleAdminThen200ElseForbiddenAndSignedOut401() {
		CookieJar alice = signIn("user-1");
		get(alice, "/api/organizations/org-1/admin").expectStatus().isOk()
			.expectBody(Map.class).isEqualTo(Map.of("sub", "user-1", "organizationId", "org-1"));
		get(alice, "/api/organizations/org-2/admin").expectStatus().isForbidden()
			.expectBody().jsonPath("$.error").isEqualTo("access_denied");
		get(signIn("user-2"), "/api/organizations/org-1/admin").expectStatus().isForbidden();
		client.get().uri("/api/organizations/org-1/admin").accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error").isEqualTo("not_authenticated");
	}

	@Test
	void userRouteAndSignOutThenSignedOut() {
		CookieJar jar = signIn("user-1");
		get(jar, "/logto/user").expectStatus().isOk()
			.expectBody().jsonPath("$.isAuthenticated").isEqualTo(true).jsonPath("$.claims.sub").isEqualTo("user-1");
		EntityExchangeResult<byte[]> signOut = client.post().uri("/logto/sign-out")
			.header(HttpHeaders.ORIGIN, example.baseUrl)
			.cookies(jar::applyTo)
			.exchange()
			.expectStatus().isSeeOther()
			.expectBody().returnResult();
		assertThat(signOut.getResponseHeaders().getLocation().toString())
			.startsWith(example.logto().issuer() + "/session/end")
			.contains("post_logout_redirect_uri=" + java.net.URLEncoder.encode(example.baseUrl + "/",
					java.nio.charset.StandardCharsets.UTF_8));
		jar.remember(signOut);
		get(jar, "/api/context").expectStatus().isUnauthorized()
			.expectBody().returnResult();
		get(jar, "/logto/user").expectStatus().isOk().expectBody().jsonPath("$.isAuthenticated").isEqualTo(false);
	}

	@Test
	void signOutFromAnotherSiteThen403() {
		CookieJar jar = signIn("user-1");
		client.post().uri("/logto/sign-out").header(HttpHeaders.ORIGIN, "https://evil.example")
			.cookies(jar::applyTo).exchange()
			.expectStatus().isForbidden()
			.expectBody().returnResult();
		get(jar, "/api/context").expectStatus().isOk()
			.expectBody().returnResult();
	}

	@Test
	void homeWhenSignedOutThenSignInButton() {
		String html = client.get().uri("/").accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(html).contains("id=\"signed-out\"", "You are signed out", "href=\"/logto/sign-in\"", "alice",
				"bob");
	}

	@Test
	void homeWhenSignedInThenClaimsTokensAndOrganizations() {
		CookieJar jar = signIn("user-1");
		String html = client.get().uri("/").accept(MediaType.TEXT_HTML).cookies(jar::applyTo).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(html).contains("id=\"signed-in\"", "Alice Example", "id=\"claim-email\"", "alice@example.com",
				"client.getIdTokenClaims()", "client.fetchUserInfo()",
				"client.getAccessToken(\"https://api.example.com\")",
				"data-url=\"/api/context?resource=https%3A%2F%2Fbilling.example.com\"", "id=\"get-org-token-1\"",
				"client.getOrganizationToken(\"org-2\")", "action=\"/logto/sign-out\"", "id=\"call-m2m\"");
		assertThat(html).doesNotContain("You are signed out");
	}
}
