package io.github.logtoreactive.webflux;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.NotAuthenticatedException;
import io.github.logtoreactive.SessionExpiredException;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.support.FailingSessionStore;
import io.github.logtoreactive.support.LogtoExceptionSamples.Sample;
import io.github.logtoreactive.support.LogtoExceptionSamples;
import io.github.logtoreactive.web.SessionStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.MockServerConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static io.github.logtoreactive.support.LogtoExceptionSamples.INJECTED;
import static io.github.logtoreactive.support.LogtoExceptionSamples.RAW_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link LogtoWebFilter}'s routes and {@link LogtoWebExceptionHandler} answer each kind of {@link LogtoException}:
 * as the shared table {@link LogtoExceptionSamples} says, byte for byte alike. A route fails with a given exception
 * because the session store does; a handler fails because it throws it.
 */
class LogtoErrorResponseTests {

	private static final String BASE = "http://localhost:8080";

	static List<Sample> samples() {
		return LogtoExceptionSamples.all();
	}

	/** An application under the filter and the exception handler, whose store and handler fail with one exception. */
	private static final class FailingApp {

		final AtomicReference<LogtoException> failure = new AtomicReference<>();

		final WebTestClient client;

		final String sessionCookieName;

		final String sessionCookieValue;

		final LogtoWebExceptionHandler handler;

		FailingApp(LogtoException failure) {
			this.failure.set(failure);
			LogtoEngine engine = LogtoEngine.create(LogtoConfig.builder()
				.endpoint("https://tenant.logto.app")
				.appId("test-app")
				.appSecret("test-secret")
				.build());
			CookieSecrets secrets = CookieSecrets.of("test-app", TestApp.SECRET);
			SessionCookieSettings settings = SessionCookieSettings.builder().secure(false).build();
			SessionIdCookieCodec ids = SessionIdCookieCodec.create(secrets, settings);
			this.sessionCookieName = settings.cookieName();
			this.sessionCookieValue = ids.encode(SessionIdCookieCodec.newSessionId());
			LogtoWebFilter filter = LogtoWebFilter.builder(engine, SessionStorage
				.inStore(new FailingSessionStore(failure), ids, TransactionCookieCodec.create(secrets, settings)))
				.baseUrl(BASE)
				.build();
			this.handler = LogtoWebExceptionHandler.of(filter);
			LogtoWebExceptionHandler handler = this.handler;
			this.client = WebTestClient
				.bindToWebHandler(RouterFunctions.toWebHandler(RouterFunctions.route()
					.GET("/orders", request -> Mono.error(this.failure.get()))
					.build()))
				.webFilter(filter)
				.apply(new MockServerConfigurer() {
					@Override
					public void beforeServerCreated(WebHttpHandlerBuilder builder) {
						builder.exceptionHandler(handler);
					}
				})
				.configureClient()
				.baseUrl(BASE)
				.build();
		}

		EntityExchangeResult<String> get(String path, MediaType accept) {
			return this.client.get()
				.uri(path)
				.accept(accept)
				.cookie(this.sessionCookieName, this.sessionCookieValue)
				.exchange()
				.expectBody(String.class)
				.returnResult();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("samples")
	void filterRouteWhenFailureThenStatusCodeAndSafeMessageOfTheSharedTable(Sample sample) {
		EntityExchangeResult<String> result = new FailingApp(sample.ex()).get("/logto/user", MediaType.APPLICATION_JSON);
		assertThat(result.getStatus().value()).isEqualTo(sample.status());
		assertThat(result.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
		assertThat(result.getResponseHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
		Map<String, Object> body = json(result);
		assertThat(body.keySet()).containsExactly("error", "message", "status");
		assertThat(body.get("error")).isEqualTo(sample.ex().code());
		assertThat((String) body.get("message")).contains(sample.message()).doesNotContain(RAW_TEXT)
			.doesNotContain(INJECTED);
		assertThat(((Number) body.get("status")).intValue()).isEqualTo(sample.status());
		assertThat(result.getResponseBody()).doesNotContain(RAW_TEXT).doesNotContain(INJECTED);
		assertThat(result.getResponseHeaders().containsHeader(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo(sample.status() == 401);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("samples")
	void handlerWhenFailureEscapesThenAnsweredExactlyLikeTheFilterRoute(Sample sample) {
		FailingApp app = new FailingApp(sample.ex());
		for (MediaType accept : List.of(MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, MediaType.ALL)) {
			EntityExchangeResult<String> route = app.get("/logto/user", accept);
			EntityExchangeResult<String> handler = app.get("/orders", accept);
			assertThat(handler.getStatus()).isEqualTo(route.getStatus());
			assertThat(handler.getResponseHeaders().getContentType())
				.isEqualTo(route.getResponseHeaders().getContentType());
			assertThat(handler.getResponseHeaders().get(HttpHeaders.WWW_AUTHENTICATE))
				.isEqualTo(route.getResponseHeaders().get(HttpHeaders.WWW_AUTHENTICATE));
			assertThat(handler.getResponseBody()).isEqualTo(route.getResponseBody());
		}
	}

	@Test
	void filterRouteWhenSessionExpiredThen401NotTheTokenEndpoint400() {
		EntityExchangeResult<String> result = new FailingApp(new SessionExpiredException(400, null, null))
			.get("/logto/user", MediaType.APPLICATION_JSON);
		assertThat(result.getStatus().value()).isEqualTo(401);
		assertThat(result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo("Logto realm=\"" + BASE + "\", sign_in_uri=\"/logto/sign-in\"");
		assertThat(json(result)).containsEntry("error", "token_endpoint.invalid_grant").containsEntry("status", 401L);
	}

	@Test
	void handlerWhenBrowserAndNotSignedInThen401PageWithSignInLinkNot500() {
		EntityExchangeResult<String> result = new FailingApp(new NotAuthenticatedException("sign in <first> & retry"))
			.get("/orders", MediaType.TEXT_HTML);
		assertThat(result.getStatus().value()).isEqualTo(401);
		assertThat(result.getResponseHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
		assertThat(result.getResponseBody())
			.contains("<p id=\"logto-error-message\">sign in &lt;first&gt; &amp; retry</p>")
			.contains("<code id=\"logto-error-code\">not_authenticated</code>")
			.contains("<a id=\"logto-sign-in\" href=\"/logto/sign-in\">Sign in</a>")
			.doesNotContain("<first>");
	}

	@Test
	void handlerWhenNotALogtoExceptionThenLeftToTheNextHandler() {
		FailingApp app = new FailingApp(new SessionExpiredException(400, null, null));
		app.failure.set(null);
		IllegalStateException other = new IllegalStateException("not ours");
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/orders"));
		StepVerifier.create(app.handler.handle(exchange, other))
			.expectErrorMatches(ex -> ex == other)
			.verify(Duration.ofSeconds(5));
		assertThat(exchange.getResponse().getStatusCode()).isNull();
	}

	private static Map<String, Object> json(EntityExchangeResult<String> result) {
		try {
			return JSONObjectUtils.parse(result.getResponseBody());
		}
		catch (ParseException ex) {
			throw new AssertionError("not JSON: " + result.getResponseBody(), ex);
		}
	}
}
