package io.github.logtoreactive.example;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.logtoreactive.ClientCredentialsTokenSource;
import io.github.logtoreactive.webflux.LogtoExchangeFilterFunctions;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientException;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/m2m?resource=}: calls the demo API ({@code /demo-api/echo}, served by this application) with a
 * machine-to-machine (client-credentials) token added by the starter's WebClient filter,
 * {@code LogtoExchangeFilterFunctions.clientCredentials(source, resource)}, and answers
 * {@code {"resource": r, "status": <demo API status>, "response": {...}}}. Needs no signed-in user. The resource
 * must be one of the configured API resources (default: the first); 501 {@code m2m_not_configured} without M2M
 * credentials.
 */
@RestController
class M2mController {

	private static final Duration DEMO_API_TIMEOUT = Duration.ofSeconds(20);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final ExampleSettings settings;

	private final @Nullable ClientCredentialsTokenSource source;

	private final WebClient webClient;

	private final Environment environment;

	M2mController(ExampleSettings settings, M2mTokens tokens, WebClient exampleWebClient, Environment environment) {
		this.settings = settings;
		this.source = tokens.source();
		this.webClient = exampleWebClient;
		this.environment = environment;
	}

	@GetMapping(path = "/api/m2m")
	Mono<ResponseEntity<Map<String, Object>>> m2m(@RequestParam MultiValueMap<String, String> query) {
		ClientCredentialsTokenSource tokens = this.source;
		if (tokens == null) {
			throw new ApiErrors.NotConfiguredException("m2m_not_configured",
					"set LOGTO_M2M_APP_ID and LOGTO_M2M_APP_SECRET to a machine-to-machine app to use /api/m2m");
		}
		String resource = resource(query);
		return this.webClient.mutate()
			.filter(LogtoExchangeFilterFunctions.clientCredentials(tokens, resource))
			.build()
			.get()
			.uri(demoApi())
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono(response -> response.bodyToMono(JSON_OBJECT)
				.defaultIfEmpty(Map.of())
				.onErrorResume(ex -> !(ex instanceof io.github.logtoreactive.LogtoException), ex -> Mono.just(Map.of()))
				.map(body -> {
					Map<String, Object> result = new LinkedHashMap<>();
					result.put("resource", resource);
					result.put("status", response.statusCode().value());
					result.put("response", body);
					return ResponseEntity.ok()
						.cacheControl(CacheControl.noStore())
						.contentType(MediaType.APPLICATION_JSON)
						.body(result);
				}))
			.timeout(DEMO_API_TIMEOUT)
			.onErrorResume(ex -> ex instanceof WebClientException || ex instanceof java.util.concurrent.TimeoutException,
					ex -> Mono.just(ApiErrors.response(HttpStatus.BAD_GATEWAY, "demo_api.unreachable",
							"the demo API did not answer")));
	}

	private String resource(MultiValueMap<String, String> query) {
		String resource = Params.resource(query);
		if (resource == null) {
			resource = this.settings.firstResource();
			if (resource == null) {
				throw new ApiErrors.BadParameterException("invalid_request",
						"resource is required: no API resource is configured (LOGTO_RESOURCES)");
			}
		}
		else if (!this.settings.resources().contains(resource)) {
			throw new ApiErrors.BadParameterException("invalid_target",
					"resource must be one of the configured API resources: " + this.settings.resources());
		}
		return resource;
	}

	private URI demoApi() {
		String port = this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "8080"));
		return URI.create("http://127.0.0.1:" + port + "/demo-api/echo");
	}

	/**
	 * The machine-to-machine token source, when M2M credentials are configured.
	 *
	 * @param source the source, or {@code null}
	 */
	record M2mTokens(@Nullable ClientCredentialsTokenSource source) {
	}
}
