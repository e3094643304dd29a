package io.github.logtoreactive.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.TransactionCookieCodec;
import io.github.logtoreactive.support.FailingSessionStore;
import io.github.logtoreactive.support.LogtoExceptionSamples;
import io.github.logtoreactive.support.LogtoExceptionSamples.Sample;
import io.github.logtoreactive.web.SessionStorage;
import io.github.logtoreactive.webflux.LogtoWebFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example's error answers and the starter's agree, and both keep the README's documented contract: for every
 * kind of {@link LogtoException}, the example's handler ({@code {"error", "message"}}) and the starter's filter route
 * ({@code {"error", "message", "status"}}) answer with the same status, code and message, and every code the README's
 * "Endpoints" table lists has the status the table gives it.
 */
class ExampleErrorContractTests {

	private static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	static List<Sample> samples() {
		return LogtoExceptionSamples.all();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("samples")
	void errorResponseWhenAnyFailureThenTheExampleAndTheFilterAnswerAlike(Sample sample) {
		ResponseEntity<Map<String, Object>> example = new ApiExceptionHandler().logto(sample.ex());
		EntityExchangeResult<String> route = filterRouteFailingWith(sample.ex());
		Map<String, Object> routeBody = json(route.getResponseBody());

		assertThat(example.getStatusCode().value()).isEqualTo(route.getStatus().value()).isEqualTo(sample.status());
		assertThat(example.getBody()).containsOnlyKeys("error", "message");
		assertThat(routeBody).containsOnlyKeys("error", "message", "status");
		assertThat(example.getBody().get("error")).isEqualTo(routeBody.get("error")).isEqualTo(sample.ex().code());
		assertThat(example.getBody().get("message")).isEqualTo(routeBody.get("message"));
		assertThat((String) example.getBody().get("message")).contains(sample.message())
			.doesNotContain(LogtoExceptionSamples.RAW_TEXT);
	}

	@Test
	void readmeEndpointsTableWhenReadThenEachLibraryCodeHasTheStatusTheExampleAnswers() throws IOException {
		Map<String, Integer> documented = documentedStatusByCode();
		assertThat(documented).containsKeys("not_authenticated", "token_endpoint.invalid_grant",
				"token_endpoint.access_denied", "token_endpoint.invalid_target", "missing_scope", "transport.io",
				"transport.timeout", "token_endpoint.server_error", "unexpected_response", "session_store.unavailable");
		int checked = 0;
		for (Sample sample : samples()) {
			Integer status = documented.get(sample.ex().code());
			if (status != null) {
				assertThat(new ApiExceptionHandler().logto(sample.ex()).getStatusCode().value())
					.as(sample.toString())
					.isEqualTo(status);
				checked++;
			}
		}
		// every library code the table names has a sample (the rest are the example's own: invalid_request, ...)
		assertThat(checked).isGreaterThanOrEqualTo(8);
	}

	/** The {@code error} codes of the README's "Endpoints" error table, each with its row's status. */
	private static Map<String, Integer> documentedStatusByCode() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		String section = readme.substring(readme.indexOf("### Endpoints"));
		section = section.substring(0, section.indexOf("\n#### "));
		Map<String, Integer> codes = new LinkedHashMap<>();
		Matcher row = Pattern.compile("(?m)^\\| (\\d{3}) \\|[^|]*\\|([^|]*)\\|$").matcher(section);
		while (row.find()) {
			Matcher code = Pattern.compile("`([^`]+)`").matcher(row.group(2));
			while (code.find()) {
				codes.put(code.group(1), Integer.parseInt(row.group(1)));
			}
		}
		return codes;
	}

	/** GET {@code /logto/user} of a starter filter whose session store fails with {@code failure}. */
	private static EntityExchangeResult<String> filterRouteFailingWith(LogtoException failure) {
		LogtoEngine engine = LogtoEngine.create(LogtoConfig.builder()
			.endpoint("https://tenant.logto.app")
			.appId("example-web-app")
			.appSecret("secret")
			.build());
		CookieSecrets secrets = CookieSecrets.of("example-web-app", SECRET);
		SessionCookieSettings settings = SessionCookieSettings.builder().secure(false).build();
		SessionIdCookieCodec ids = SessionIdCookieCodec.create(secrets, settings);
		LogtoWebFilter filter = LogtoWebFilter.builder(engine, SessionStorage.inStore(new FailingSessionStore(failure),
				ids, TransactionCookieCodec.create(secrets, settings)))
			.baseUrl("http://localhost:8080")
			.build();
		return WebTestClient
			.bindToWebHandler(RouterFunctions.toWebHandler(RouterFunctions.route()
				.GET("/", request -> ServerResponse.ok().build())
				.build()))
			.webFilter(filter)
			.build()
			.get()
			.uri("http://localhost:8080/logto/user")
			.accept(MediaType.APPLICATION_JSON)
			.cookie(settings.cookieName(), ids.encode(SessionIdCookieCodec.newSessionId()))
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	private static Map<String, Object> json(String body) {
		try {
			return JSONObjectUtils.parse(body);
		}
		catch (ParseException ex) {
			throw new AssertionError("not JSON: " + body, ex);
		}
	}
}
