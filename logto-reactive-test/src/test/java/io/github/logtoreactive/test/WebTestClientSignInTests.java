package io.github.logtoreactive.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import io.github.logtoreactive.support.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Drives a tiny WebFlux "application" that follows the sign-in contract: {@code GET /logto/sign-in} redirects to
 * the test server, {@code GET /logto/callback} exchanges the code (non-blocking) and sets a session cookie.
 */
@Timeout(30)
class WebTestClientSignInTests {

	@RegisterExtension
	static LogtoTestServerExtension logto = LogtoTestServerExtension
		.of(LogtoTestServer.builder().tenant(TestTenant.sample()));

	private static RouterFunction<ServerResponse> fakeApp(LogtoTestServer server, String signInPath) {
		return RouterFunctions.route()
			.GET(signInPath, (request) -> ServerResponse.status(302)
				.location(URI.create(OidcFlows.authorizationUrl(server, "openid profile")))
				.cookie(ResponseCookie.from("SIGN_IN", "state-1").path("/").build())
				.build())
			.GET("/logto/callback", (request) -> callback(server, request))
			.GET("/me", (request) -> {
				HttpCookie session = request.cookies().getFirst("SESSION");
				return (session != null) ? ServerResponse.ok().bodyValue(session.getValue())
						: ServerResponse.status(401).build();
			})
			.build();
	}

	private static Mono<ServerResponse> callback(LogtoTestServer server, ServerRequest request) {
		HttpCookie signIn = request.cookies().getFirst("SIGN_IN");
		if (signIn == null || !signIn.getValue().equals(request.queryParam("state").orElse(""))
				|| !server.issuer().equals(request.queryParam("iss").orElse(""))) {
			return ServerResponse.status(400).build();
		}
		String form = TestHttp.form("grant_type", "authorization_code", "code", request.queryParam("code").get(),
				"redirect_uri", OidcFlows.REDIRECT_URI, "code_verifier", OidcFlows.VERIFIER);
		return HttpClient.create()
			.headers((headers) -> {
				headers.set("Content-Type", "application/x-www-form-urlencoded");
				TestHttp.basic(OidcFlows.CLIENT_ID, OidcFlows.CLIENT_SECRET).forEach(headers::set);
			})
			.post()
			.uri(server.issuer() + "/token")
			.send(ByteBufFlux.fromString(Mono.just(form)))
			.responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8))
			.map(WebTestClientSignInTests::subject)
			.flatMap((subject) -> ServerResponse.status(302)
				.location(URI.create("/"))
				.cookie(ResponseCookie.from("SESSION", subject).path("/").httpOnly(true).build())
				.cookie(ResponseCookie.from("SIGN_IN", "").maxAge(0).path("/").build())
				.build());
	}

	private static String subject(String tokenResponse) {
		try {
			Map<String, Object> json = JSONObjectUtils.parse(tokenResponse);
			return SignedJWT.parse((String) json.get("id_token")).getJWTClaimsSet().getSubject();
		}
		catch (ParseException ex) {
			throw new IllegalStateException(tokenResponse, ex);
		}
	}

	@Test
	void signInWhenUserPickedOnPageThenReturnsTheAppSessionCookie() {
		WebTestClient app = WebTestClient.bindToRouterFunction(fakeApp(logto.server(), "/logto/sign-in")).build();

		SignedInCookies result = WebTestClientSignIn.with(logto.server()).user("user-2").signIn(app);

		assertThat(result.cookieValue("SESSION")).isEqualTo("user-2");
		assertThat(result.cookies()).doesNotContainKey("SIGN_IN");
		assertThat(result.redirectLocation()).isEqualTo("/");
		assertThat(result.logtoSessionCookie()).isNotNull();
		app.get().uri("/me").cookies(result::applyTo).exchange().expectStatus().isOk().expectBody(String.class)
			.isEqualTo("user-2");
	}

	@Test
	void signInWhenClientBoundToARunningServerThenCallbackReachesThatServer() {
		// The usual Spring Boot setup: a WebTestClient bound to the application's real port (not to localhost:80).
		reactor.netty.DisposableServer running = reactor.netty.http.server.HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(new org.springframework.http.server.reactive.ReactorHttpHandlerAdapter(
					RouterFunctions.toHttpHandler(fakeApp(logto.server(), "/logto/sign-in"))))
			.bindNow();
		try {
			WebTestClient app = WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + running.port())
				.build();

			SignedInCookies result = WebTestClientSignIn.with(logto.server()).user("user-2").signIn(app);

			assertThat(result.cookieValue("SESSION")).isEqualTo("user-2");
			app.get().uri("/me").cookies(result::applyTo).exchange().expectStatus().isOk().expectBody(String.class)
				.isEqualTo("user-2");
		}
		finally {
			running.disposeNow();
		}
	}

	@Test
	void signInWhenAutoLoginAndCustomPathThenSignsInTheAutoLoginUser() {
		logto.server().autoLogin("user-1");
		WebTestClient app = WebTestClient.bindToRouterFunction(fakeApp(logto.server(), "/login")).build();

		SignedInCookies result = WebTestClientSignIn.with(logto.server()).signInPath("/login").signIn(app);

		assertThat(result.cookieValue("SESSION")).isEqualTo("user-1");
	}

	@Test
	void signInWhenAppDoesNotRedirectThenFailsNamingTheStep() {
		WebTestClient app = WebTestClient.bindToRouterFunction(RouterFunctions.route()
			.GET("/logto/sign-in", (request) -> ServerResponse.ok().build())
			.build()).build();

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WebTestClientSignIn.with(logto.server()).signIn(app))
			.withMessageContaining("GET /logto/sign-in should redirect but answered 200");
	}

	@Test
	void signInWhenAppHasNoSignInRouteThenFailsSayingTheIntegrationMayBeOff() {
		WebTestClient app = WebTestClient.bindToRouterFunction(RouterFunctions.route()
			.GET("/", (request) -> ServerResponse.ok().build())
			.build()).build();

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WebTestClientSignIn.with(logto.server()).signIn(app))
			.withMessageContaining("GET /logto/sign-in answered 404")
			.withMessageContaining("logto-reactive is off without logto.endpoint");
	}
}
