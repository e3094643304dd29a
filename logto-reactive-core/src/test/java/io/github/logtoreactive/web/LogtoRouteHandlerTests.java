package io.github.logtoreactive.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoHttpError;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.web.LogtoRoutes.Route;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Logto's routes without any web framework: requests in, {@link HttpAnswer}s out, against a fake Logto.
 */
@Timeout(30)
class LogtoRouteHandlerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String APP = "https://app.example.com";

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	RequestSessions sessions;

	final LogtoRouteHandler handler = LogtoRouteHandler.builder().build();

	@BeforeEach
	void setUp() {
		FakeLogto logto = new FakeLogto(this.server, this.clock);
		LogtoEngine engine = LogtoEngine.builder(logto.config().build()).clock(this.clock).build();
		CookieSecrets secrets = CookieSecrets.of(FakeLogto.APP_ID, "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA");
		SessionCookieSettings settings = SessionCookieSettings.defaults();
		this.sessions = RequestSessions.of(engine, SessionStorage.inCookies(SessionCookieCodec.create(secrets,
				settings), TransactionCookieCodec.create(secrets, settings)));
	}

	private HttpAnswer handle(Route route, RouteRequest request) {
		return this.handler.handle(route, request, this.sessions.open(Map.of()).client()).block(TIMEOUT);
	}

	@Test
	void signInWhenAskedThenRedirectToLogtoWithTheCallbackOfTheRequestsOriginAndOneTransactionCookie() {
		RequestSession session = this.sessions.open(Map.of());
		TestRouteRequest request = new TestRouteRequest("GET",
				APP + "/logto/sign-in?postRedirectUri=/orders&uiLocales=de");

		HttpAnswer answer = this.handler.handle(Route.SIGN_IN, request, session.client()).block(TIMEOUT);

		assertThat(answer.status()).isEqualTo(302);
		assertThat(answer.location()).contains("/oidc/auth?")
			.contains("redirect_uri=https%3A%2F%2Fapp.example.com%2Flogto%2Fcallback", "ui_locales=de");
		assertThat(answer.body()).isNull();
		assertThat(session.commit()).hasSize(1);
	}

	@Test
	void signInWhenPostRedirectUriIsAnotherSiteThen400InvalidRedirectAsJsonOrAPage() {
		String target = APP + "/logto/sign-in?postRedirectUri=https%3A%2F%2Fevil.example%2F";

		HttpAnswer json = handle(Route.SIGN_IN, new TestRouteRequest("GET", target));
		HttpAnswer page = handle(Route.SIGN_IN, new TestRouteRequest("GET", target).header("Accept", "text/html"));

		assertThat(json.status()).isEqualTo(400);
		assertThat(json.location()).isNull();
		assertThat(json.contentType()).isEqualTo("application/json;charset=UTF-8");
		assertThat(json.body()).isEqualTo("{\"error\":\"invalid_redirect\",\"message\":\"postRedirectUri must be a "
				+ "relative path on this site, e.g. /dashboard\",\"status\":400}");
		assertThat(page.contentType()).isEqualTo("text/html;charset=UTF-8");
		assertThat(page.body()).contains("<title>400 Bad Request</title>",
				"<code id=\"logto-error-code\">invalid_redirect</code>");
		assertThat(page.wwwAuthenticate()).isNull();
	}

	@Test
	void callbackWhenForgedThen400AndCounted() {
		HttpAnswer answer = handle(Route.CALLBACK,
				new TestRouteRequest("GET", APP + "/logto/callback?code=abc&state=forged"));

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body()).contains("\"error\":\"callback.state_mismatched\"");
		assertThat(this.handler.statistics().callbackFailures()).isEqualTo(1);
	}

	@Test
	void signOutWhenSentByAnotherSiteThen403AndCounted() {
		HttpAnswer answer = handle(Route.SIGN_OUT,
				new TestRouteRequest("POST", APP + "/logto/sign-out").header("Origin", "https://evil.example"));

		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.body()).contains("\"error\":\"cross_site_request\"");
		assertThat(this.handler.statistics().refusedCrossSite()).isEqualTo(1);
	}

	@Test
	void userWhenSignedOutThenNotAuthenticatedJson() {
		HttpAnswer answer = handle(Route.USER, new TestRouteRequest("GET", APP + "/logto/user"));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("{\"isAuthenticated\":false}");
	}

	@Test
	void protectWhenSignInRequiredAndNoneThenBrowsersGoToSignInUnderTheContextPathAndOthersGet401() {
		LogtoClient client = this.sessions.open(Map.of()).client();
		RouteRequest browser = new TestRouteRequest("GET", APP + "/shop/orders?tab=2").contextPath("/shop")
			.header("Accept", "text/html,*/*;q=0.8");
		RouteRequest api = new TestRouteRequest("GET", APP + "/shop/orders").contextPath("/shop");

		HttpAnswer redirect = this.handler.protect(browser, client, true, List.of()).block(TIMEOUT);
		HttpAnswer refused = this.handler.protect(api, client, true, List.of()).block(TIMEOUT);

		assertThat(redirect.status()).isEqualTo(302);
		assertThat(redirect.location()).isEqualTo("/shop/logto/sign-in?postRedirectUri=%2Forders%3Ftab%3D2");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.wwwAuthenticate())
			.isEqualTo("Logto realm=\"" + APP + "\", sign_in_uri=\"/logto/sign-in\"");
	}

	@Test
	void protectWhenNoSignInRequiredThenThroughWithoutReadingTheSession() {
		LogtoClient client = this.sessions.open(Map.of()).client();

		assertThat(this.handler.protect(new TestRouteRequest("GET", APP + "/"), client, false, List.of())
			.blockOptional(TIMEOUT)).isEmpty();
		assertThat(this.handler.protect(new TestRouteRequest("GET", APP + "/"), client, false,
				List.of(TokenKey.resource("https://api.example.com"))).blockOptional(TIMEOUT))
			.as("tokens are prepared only for a signed-in user").isEmpty();
	}

	@Test
	void errorWhen401ThenBrowsersGetAnEscapedPageLinkingToSignIn() {
		RouteRequest browser = new TestRouteRequest("GET", APP + "/shop/orders").contextPath("/shop")
			.header("Accept", "text/html");

		HttpAnswer page = this.handler.errors().answer(browser,
				new LogtoHttpError(401, "not_authenticated", "sign in <first> & 'retry'"));

		assertThat(page.status()).isEqualTo(401);
		assertThat(page.wwwAuthenticate()).isEqualTo("Logto realm=\"" + APP + "\", sign_in_uri=\"/logto/sign-in\"");
		assertThat(page.body()).contains("<title>401 Unauthorized</title>")
			.contains("<p id=\"logto-error-message\">sign in &lt;first&gt; &amp; &#39;retry&#39;</p>")
			.contains("<a id=\"logto-sign-in\" href=\"/shop/logto/sign-in\">Sign in</a>");
	}

	@Test
	void baseUrlWhenConfiguredThenUsedForEveryRequestAndValidated() {
		LogtoRouteHandler configured = LogtoRouteHandler.builder().baseUrl(" https://public.example.com/ ").build();

		HttpAnswer answer = configured.errors().answer(new TestRouteRequest("GET", "http://10.0.0.7:8080/x"),
				new LogtoHttpError(401, "not_authenticated", "sign in"));

		assertThat(answer.wwwAuthenticate()).startsWith("Logto realm=\"https://public.example.com\"");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LogtoRouteHandler.builder().baseUrl("app.example.com"))
			.withMessageContaining("absolute URL");
	}

	@Test
	void signInWhenNoBaseUrlAndTheRequestNamesNoHostThenAConfigurationErrorNotARedirectToNull() {
		HttpAnswer answer = handle(Route.SIGN_IN, new TestRouteRequest("GET", "/logto/sign-in"));
		HttpAnswer refused = this.handler.errors().answer(new TestRouteRequest("GET", "/orders"),
				new LogtoHttpError(401, "not_authenticated", "sign in"));

		assertThat(answer.status()).isEqualTo(500);
		assertThat(answer.location()).isNull();
		assertThat(answer.body()).contains("\"error\":\"configuration.invalid\"");
		assertThat(refused.wwwAuthenticate()).isEqualTo("Logto realm=\"\", sign_in_uri=\"/logto/sign-in\"");
	}

	@Test
	void prefersHtmlByDefaultWhenAcceptNamesHtml() {
		assertThat(new TestRouteRequest("GET", APP).header("Accept", "text/html,application/xhtml+xml;q=0.9")
			.prefersHtml()).isTrue();
		assertThat(new TestRouteRequest("GET", APP).header("Accept", "TEXT/*; q=0.5").prefersHtml()).isTrue();
		assertThat(new TestRouteRequest("GET", APP).header("Accept", "*/*").prefersHtml()).isFalse();
		assertThat(new TestRouteRequest("GET", APP).header("Accept", "application/json").prefersHtml()).isFalse();
		assertThat(new TestRouteRequest("GET", APP).prefersHtml()).isFalse();
	}
}
