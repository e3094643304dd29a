package io.github.logtoreactive.webflux;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.SignedJWT;
import io.github.logtoreactive.AccessTokenClaims;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.support.LogtoExceptionSamples;
import io.github.logtoreactive.test.Endpoint;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.SignedInCookies;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.WebTestClientSignIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogtoWebFilter} end to end: a WebFlux app under the filter, the embedded Logto-compatible server as the
 * identity provider, and a browser-like cookie jar.
 */
@Timeout(120)
class LogtoWebFilterIntegrationTests {

	private LogtoTestServer server;

	private TestApp app;

	@AfterEach
	void tearDown() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	private TestApp start(LogtoTestServer.Builder builder) {
		this.server = builder.build().start();
		this.app = new TestApp(this.server, null);
		return this.app;
	}

	private TestApp startDefault() {
		return start(LogtoTestServer.builder().tenant(TestTenant.sample()).autoLogin("user-1"));
	}

	private void signIn(TestApp app) {
		SignedInCookies result = WebTestClientSignIn.with(this.server).user("user-1").signIn(app.client);
		app.remember(result.cookies());
	}

	@Test
	void signInFlowThenUserRouteShowsClaimsAndProtectedRouteServes() {
		TestApp app = startDefault();
		signIn(app);
		assertThat(app.jar).containsKey("logto_session");

		app.get("/logto/user").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.isAuthenticated").isEqualTo(true)
			.jsonPath("$.claims.sub").isEqualTo("user-1")
			.jsonPath("$.claims.email").isEqualTo("alice@example.com")
			.jsonPath("$.idToken").doesNotExist()
			.jsonPath("$.accessToken").doesNotExist();
		app.get("/api/me").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("sub=user-1");
	}

	@Test
	void userRouteWhenSignedOutThenNotAuthenticated() {
		TestApp app = startDefault();
		app.get("/logto/user").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.isAuthenticated").isEqualTo(false);
	}

	@Test
	void protectedRouteWhenBrowserWithoutSessionThenRedirectedToSignInWithOriginalPath() {
		TestApp app = startDefault();
		app.get("/dashboard?tab=2").accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isFound()
			.expectHeader().location("/logto/sign-in?postRedirectUri=%2Fdashboard%3Ftab%3D2");
	}

	@Test
	void protectedRouteWhenApiClientWithoutSessionThen401JsonWithWwwAuthenticate() {
		TestApp app = startDefault();
		app.get("/api/me").accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE)
			.expectBody().jsonPath("$.error").isEqualTo("not_authenticated");
	}

	@Test
	void signInWhenPostRedirectUriGivenThenCallbackReturnsThere() {
		TestApp app = startDefault();
		SignedInCookies result = WebTestClientSignIn.with(this.server)
			.signInPath("/logto/sign-in?postRedirectUri=/dashboard")
			.signIn(app.client);
		assertThat(result.redirectLocation()).isEqualTo("/dashboard");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example/", "//evil.example", "/\\evil.example", "%2F%2Fevil.example",
			"/%2F%2Fevil.example", "javascript:alert(1)", "/%5Cevil.example" })
	void signInWhenPostRedirectUriIsNotSameOriginPathThen400(String target) {
		TestApp app = startDefault();
		app.client.get()
			.uri(URI.create(TestApp.BASE + "/logto/sign-in?postRedirectUri="
					+ java.net.URLEncoder.encode(target, StandardCharsets.UTF_8)))
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().doesNotExist(HttpHeaders.LOCATION)
			.expectBody().jsonPath("$.error").isEqualTo("invalid_redirect");
	}

	@Test
	void signInWhenBadOptionThen400() {
		TestApp app = startDefault();
		app.get("/logto/sign-in?firstScreen=nonsense").exchange().expectStatus().isBadRequest();
		app.get("/logto/sign-in?directSignIn=facebook").exchange().expectStatus().isBadRequest();
	}

	@Test
	void signInWhenOptionsGivenThenForwardedToLogto() {
		TestApp app = startDefault();
		EntityExchangeResult<byte[]> result = app.get(
				"/logto/sign-in?firstScreen=register&identifier=email,username&directSignIn=social:google&loginHint=a%40b.c&organizationId=org-1&uiLocales=de")
			.exchange().expectStatus().isFound().expectBody().returnResult();
		String location = result.getResponseHeaders().getLocation().toString();
		assertThat(location).startsWith(this.server.issuer() + "/auth?")
			.contains("first_screen=register", "identifier=email%20username", "direct_sign_in=social%3Agoogle",
					"login_hint=a%40b.c", "organization_id=org-1", "ui_locales=de",
					"redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Flogto%2Fcallback");
		assertThat(result.getResponseCookies().keySet()).anyMatch(name -> name.startsWith("logto_tx_"));
	}

	@Test
	void callbackWhenForgedStateThen400WithReasonAndNoSession() {
		TestApp app = startDefault();
		app.get("/logto/callback?code=abc&state=forged&iss=" + this.server.issuer()).exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isEqualTo("callback.state_mismatched");
		app.get("/logto/callback?error=access_denied&error_description=user%20cancelled").exchange()
			.expectStatus().isBadRequest();
		app.get("/logto/callback").accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "&state=forged-state-value" })
	void callbackWhenForgedErrorLinkThenFixedTextForItsCodeNeverTheLinksDescription(String state) {
		TestApp app = startDefault();
		app.get("/logto/sign-in").exchange().expectStatus().isFound();
		String forged = "/logto/callback?error=access_denied&error_description="
				+ URLEncoder.encode(LogtoExceptionSamples.INJECTED, StandardCharsets.UTF_8) + state;
		String json = app.get(forged).accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isBadRequest()
			.expectBody(String.class).returnResult().getResponseBody();
		String html = app.get(forged).accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isBadRequest()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(json).doesNotContain("locked").doesNotContain("555");
		assertThat(html).doesNotContain("locked").doesNotContain("555");
		if (state.isEmpty()) {
			assertThat(json).contains("\"error\":\"callback.error_found\"")
				.contains("The sign-in was cancelled or access was denied.");
			assertThat(html).contains(
					"<p id=\"logto-error-message\">The sign-in was cancelled or access was denied.</p>");
		}
		else {
			assertThat(json).contains("\"error\":\"callback.state_mismatched\"");
		}
	}

	@Test
	void callbackWhenLogtoAnswersThisBrowsersSignInWithAnErrorThenItsDescriptionShownEscaped() {
		TestApp app = startDefault();
		EntityExchangeResult<byte[]> start = app.get("/logto/sign-in").exchange().expectStatus().isFound()
			.expectBody().returnResult();
		app.remember(start.getResponseCookies());
		Matcher state = Pattern.compile("[?&]state=([^&]+)").matcher(start.getResponseHeaders().getLocation().toString());
		assertThat(state.find()).isTrue();
		String callback = "/logto/callback?error=access_denied&error_description="
				+ URLEncoder.encode("<b>Blocked</b> by your organization's policy", StandardCharsets.UTF_8)
				+ "&state=" + state.group(1) + "&iss=" + URLEncoder.encode(this.server.issuer(), StandardCharsets.UTF_8);
		String html = app.get(callback).accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isBadRequest()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(html).contains("<p id=\"logto-error-message\">Logto answered access_denied: "
				+ "&lt;b&gt;Blocked&lt;/b&gt; by your organization&#39;s policy</p>").doesNotContain("<b>Blocked");
		app.get(callback).accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.error").isEqualTo("callback.error_found")
			.jsonPath("$.message").isEqualTo("Logto answered access_denied: <b>Blocked</b> by your organization's policy");
	}

	@Test
	void callbackWhenReplayedThen400AndSessionKept() {
		TestApp app = startDefault();
		EntityExchangeResult<byte[]> start = app.get("/logto/sign-in").exchange().expectBody().returnResult();
		app.remember(start.getResponseCookies());
		String callback = this.server.baseUrl().isEmpty() ? "" : followToCallback(start);
		EntityExchangeResult<byte[]> first = app.get(callback).exchange().expectStatus().isFound().expectBody()
			.returnResult();
		app.remember(first.getResponseCookies());
		String session = app.jar.get("logto_session");
		app.get(callback).exchange().expectStatus().isBadRequest();
		assertThat(app.jar.get("logto_session")).isEqualTo(session);
		app.get("/api/me").exchange().expectStatus().isOk();
	}

	private String followToCallback(EntityExchangeResult<byte[]> start) {
		URI authorization = start.getResponseHeaders().getLocation();
		EntityExchangeResult<byte[]> auth = org.springframework.test.web.reactive.server.WebTestClient.bindToServer()
			.build().get().uri(authorization).exchange().expectBody().returnResult();
		URI callback = auth.getResponseHeaders().getLocation();
		return callback.getRawPath() + "?" + callback.getRawQuery();
	}

	@Test
	void tamperedSessionCookieThen401AndCookieDeletedNever500() {
		TestApp app = startDefault();
		signIn(app);
		String value = app.jar.get("logto_session");
		char[] chars = value.toCharArray();
		chars[chars.length / 2] = chars[chars.length / 2] == 'A' ? 'B' : 'A';
		app.jar.put("logto_session", new String(chars));

		EntityExchangeResult<byte[]> result = app.get("/api/me").accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isUnauthorized().expectBody().returnResult();
		assertThat(result.getResponseCookies().getFirst("logto_session").getMaxAge()).isZero();
		app.jar.put("logto_session", "garbage");
		app.get("/logto/user").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.isAuthenticated").isEqualTo(false);
	}

	@Test
	void signOutWhenCrossSiteOriginThen403AndStillSignedIn() {
		TestApp app = startDefault();
		signIn(app);
		app.client.post().uri("/logto/sign-out").cookies(c -> app.jar.forEach(c::add))
			.header(HttpHeaders.ORIGIN, "https://evil.example").exchange()
			.expectStatus().isForbidden();
		app.get("/api/me").exchange().expectStatus().isOk();
	}

	@Test
	void signOutWhenSameOriginFormPostThenRevokedClearedAndRedirectedToEndSession() {
		TestApp app = startDefault();
		signIn(app);
		long revocations = this.server.requestCount(Endpoint.REVOCATION);
		EntityExchangeResult<byte[]> result = app.client.post().uri("/logto/sign-out")
			.cookies(c -> app.jar.forEach(c::add))
			.header(HttpHeaders.ORIGIN, TestApp.BASE)
			.exchange()
			.expectStatus().isEqualTo(HttpStatus.SEE_OTHER)
			.expectBody().returnResult();
		String location = result.getResponseHeaders().getLocation().toString();
		assertThat(location).startsWith(this.server.issuer() + "/session/end?")
			.contains("id_token_hint=", "client_id=test-app", "post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A8080%2F");
		assertThat(this.server.requestCount(Endpoint.REVOCATION)).isEqualTo(revocations + 1);
		app.remember(result.getResponseCookies());
		assertThat(app.jar).doesNotContainKey("logto_session");
		app.get("/api/me").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isUnauthorized();
	}

	@Test
	void signOutWhenGetAndGetNotEnabledThenNotSignedOut() {
		TestApp app = startDefault();
		signIn(app);
		EntityExchangeResult<byte[]> result = app.get("/logto/sign-out").exchange().expectBody().returnResult();
		assertThat(result.getStatus().value()).isNotIn(302, 303);
		assertThat(result.getResponseCookies().getFirst("logto_session")).isNull();
		app.get("/api/me").exchange().expectStatus().isOk();
	}

	@Test
	void concurrentRequestsWithExpiredTokenThenOneRefresh() throws Exception {
		TestApp app = startDefault();
		signIn(app);
		long before = this.server.requestCount(Endpoint.TOKEN);
		List<Mono<EntityExchangeResult<String>>> calls = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			calls.add(Mono.fromCallable(() -> app.get("/api/token").exchange().expectStatus().isOk()
				.expectBody(String.class).returnResult()).subscribeOn(Schedulers.boundedElastic()));
		}
		List<EntityExchangeResult<String>> responses = Flux.merge(calls).collectList().block(Duration.ofSeconds(60));
		assertThat(responses).hasSize(200);
		Set<String> bodies = new HashSet<>();
		responses.forEach(response -> bodies.add(response.getResponseBody()));
		assertThat(bodies).as("every request got the one refreshed token").hasSize(1);
		assertThat(this.server.requestCount(Endpoint.TOKEN) - before).isEqualTo(1);
		// Every response that writes the session writes the refreshed one: its cookie decodes to the token the
		// request answered with, and to one refresh token.
		SessionCookieCodec codec = SessionCookieCodec.create(CookieSecrets.of("test-app", TestApp.SECRET),
				SessionCookieSettings.builder().secure(false).build());
		String jti = bodies.iterator().next().split(" ")[0];
		Set<String> refreshTokens = new HashSet<>();
		for (EntityExchangeResult<String> response : responses) {
			Map<String, String> cookies = new HashMap<>();
			response.getResponseCookies().forEach((name, values) -> cookies.put(name, values.get(values.size() - 1)
				.getValue()));
			if (cookies.containsKey("logto_session")) {
				LogtoSession written = codec.decode(cookies, Instant.now()).value().orElseThrow();
				assertThat(new AccessTokenClaims(SignedJWT
					.parse(written.accessToken(TokenKey.resource(TestApp.API)).token()).getJWTClaimsSet().toJSONObject())
					.jti()).isEqualTo(jti);
				refreshTokens.add(written.refreshToken());
			}
		}
		assertThat(refreshTokens).hasSize(1);
	}

	@Test
	void streamWhenTokenExpiresMidStreamWithRotationThenEveryEventValidAndNextRequestSignedIn() {
		TestApp app = start(LogtoTestServer.builder()
			.tenant(TestTenant.sample())
			.autoLogin("user-1")
			.accessTokenTtl(Duration.ofSeconds(2))
			.refreshTokenRotation(RefreshTokenRotation.ALWAYS));
		signIn(app);
		assertStreamSurvivesRotation(app, this.server);
	}

	static void assertStreamSurvivesRotation(TestApp app, LogtoTestServer server) {
		// 20 events, 250 ms apart: the 2-second token (refreshed within 1 s of expiry) expires around event 5.
		EntityExchangeResult<byte[]> stream = app.get("/api/stream?events=20&intervalMs=250")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.returnResult();
		app.remember(stream.getResponseCookies());
		String body = new String(stream.getResponseBodyContent(), StandardCharsets.UTF_8);
		Matcher m = Pattern.compile("\\{\"n\":(\\d+),\"at\":(\\d+),\"exp\":(\\d+),\"jti\":\"([^\"]+)\"}").matcher(body);
		int events = 0;
		Set<String> jtis = new HashSet<>();
		while (m.find()) {
			events++;
			// Valid when written (not compared with the test's clock after the stream, which a loaded machine delays).
			assertThat(Long.parseLong(m.group(3))).as("event %s's token is valid when written", m.group(1))
				.isGreaterThan(Long.parseLong(m.group(2)));
			jtis.add(m.group(4));
		}
		assertThat(events).isEqualTo(20);
		assertThat(jtis).as("the token was refreshed during the stream").hasSizeGreaterThan(1);
		assertThat(app.filter.statistics().afterCommitSaves())
			.as("refreshes after the response was committed were kept").isPositive();

		// The browser's next request: still signed in, and it refreshes with the newest refresh token (a replay of a
		// consumed one would revoke the grant after 3 s).
		long tokenRequests = server.requestCount(Endpoint.TOKEN);
		EntityExchangeResult<byte[]> next = app.get("/logto/user").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.isAuthenticated").isEqualTo(true).returnResult();
		app.remember(next.getResponseCookies());
		// A real wait on purpose: the subject is a real streaming response against the embedded server on the system
		// clock (as a deployed app runs), so the server's 3 s reuse window passes in real time.
		try {
			Thread.sleep(3500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		app.get("/api/token").exchange().expectStatus().isOk();
		assertThat(server.requestCount(Endpoint.TOKEN)).isGreaterThan(tokenRequests);
		app.get("/api/me").exchange().expectStatus().isOk();
	}
}
