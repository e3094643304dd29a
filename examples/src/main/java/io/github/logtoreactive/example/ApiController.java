package io.github.logtoreactive.example;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.NotAuthenticatedException;
import io.github.logtoreactive.OrganizationTokenResult;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The signed-in user's JSON endpoints. The {@link LogtoClient} argument is bound to the browser's session by the
 * starter's {@code LogtoWebFilter}; every method of it is non-blocking.
 * <ul>
 * <li>{@code GET /api/context?fetchUserInfo=&resource=&organizationId=&organizationTokens=}</li>
 * <li>{@code GET /api/stream?resource=&events=&intervalMs=}: server-sent events</li>
 * </ul>
 * Not signed in: 401 JSON. Failures: JSON with a status ({@link ApiErrors}).
 */
@RestController
class ApiController {

	static final int MAX_EVENTS = 1000;

	static final int MAX_INTERVAL_MS = 60_000;

	private final ExampleSettings settings;

	ApiController(ExampleSettings settings) {
		this.settings = settings;
	}

	/**
	 * The user's context: ID-token claims, and what the query asks for. Fields not asked for are omitted.
	 * @param client the session's client
	 * @param query {@code fetchUserInfo}, {@code resource}, {@code organizationId}, {@code organizationTokens}
	 * @return {@code {isAuthenticated, claims, userInfo?, accessToken?, accessTokenClaims?, organizationToken?,
	 * organizationTokenClaims?, organizationTokens?}}
	 */
	@GetMapping(path = "/api/context")
	Mono<ResponseEntity<Map<String, Object>>> context(LogtoClient client,
			@RequestParam MultiValueMap<String, String> query) {
		boolean fetchUserInfo = Params.flag(query, "fetchUserInfo");
		boolean organizationTokens = Params.flag(query, "organizationTokens");
		String resource = Params.resource(query);
		String organizationId = Params.organizationId(query);
		ContextBody body = new ContextBody();
		return requireSignedIn(client)
			.then(client.getIdTokenClaims())
			.doOnNext(claims -> body.claims = claims.claims())
			.then(accessToken(client, resource, organizationId, body))
			.then(organizationTokens ? organizationTokens(client, body) : Mono.empty())
			.then(fetchUserInfo ? client.fetchUserInfo().doOnNext(info -> body.userInfo = info.claims()).then()
					: Mono.empty())
			.then(Mono.fromSupplier(() -> ResponseEntity.ok()
				.cacheControl(CacheControl.noStore())
				.contentType(MediaType.APPLICATION_JSON)
				.body(body.toMap())));
	}

	private static Mono<Void> accessToken(LogtoClient client, @Nullable String resource,
			@Nullable String organizationId, ContextBody body) {
		if (resource != null) {
			// An API resource token, or with organizationId the organization-level API resource token.
			return client.getAccessToken(resource, organizationId).doOnNext(token -> {
				body.accessToken = token;
				body.accessTokenClaims = TokenClaims.decode(token);
			}).then();
		}
		if (organizationId != null) {
			return client.getOrganizationToken(organizationId).doOnNext(token -> {
				body.organizationToken = token;
				body.organizationTokenClaims = TokenClaims.decode(token);
			}).then();
		}
		return Mono.empty();
	}

	private static Mono<Void> organizationTokens(LogtoClient client, ContextBody body) {
		return client.getOrganizationTokens().map(ApiController::organizationTokenResult).collectList()
			.doOnNext(results -> body.organizationTokens = results)
			.then();
	}

	private static Map<String, Object> organizationTokenResult(OrganizationTokenResult result) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("organizationId", result.organizationId());
		if (result.isSuccess()) {
			entry.put("token", result.token());
		}
		else if (result.error() != null) {
			entry.put("error", result.error().code());
		}
		return entry;
	}

	/**
	 * Server-sent events, each {@code {"n":i,"exp":<token exp>,"jti":<token jti>}} read through
	 * {@code getAccessToken(resource)} when the event is sent. The token is obtained (refreshed if needed) before the
	 * response starts, so the response's cookie carries it; a refresh later in the stream is kept server-side by the
	 * library and adopted by the browser's next request.
	 * @param client the session's client
	 * @param query {@code resource} (default: the first configured resource), {@code events} (1..1000, default 10),
	 * {@code intervalMs} (0..60000, default 1000)
	 * @return the stream
	 */
	@GetMapping(path = "/api/stream")
	Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> stream(LogtoClient client,
			@RequestParam MultiValueMap<String, String> query) {
		int events = Params.integer(query, "events", 10, 1, MAX_EVENTS);
		int intervalMs = Params.integer(query, "intervalMs", 1000, 0, MAX_INTERVAL_MS);
		String resource = resourceOrDefault(query);
		return requireSignedIn(client)
			.then(client.getAccessToken(resource))
			.map(first -> ResponseEntity.ok()
				.cacheControl(CacheControl.noStore())
				.header("X-Accel-Buffering", "no")
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.body(events(client, resource, events, Duration.ofMillis(intervalMs))));
	}

	private static Flux<ServerSentEvent<String>> events(LogtoClient client, String resource, int events,
			Duration interval) {
		return Flux.range(0, events)
			.concatMap(n -> (n == 0 || interval.isZero() ? Mono.just(n) : Mono.delay(interval).thenReturn(n))
				.flatMap(i -> client.getAccessToken(resource).map(token -> event(i, token))))
			.onErrorResume(LogtoException.class, ex -> Mono.just(ServerSentEvent.<String>builder()
				.event("error")
				.data(JSONObjectUtils.toJSONString(ApiErrors.body(ex)))
				.build()));
	}

	private static ServerSentEvent<String> event(int n, String token) {
		Map<String, Object> claims = TokenClaims.decode(token);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("n", n);
		data.put("exp", claims == null ? null : claims.get("exp"));
		data.put("jti", claims == null ? null : claims.get("jti"));
		return ServerSentEvent.<String>builder().id(Integer.toString(n)).data(JSONObjectUtils.toJSONString(data)).build();
	}

	private String resourceOrDefault(MultiValueMap<String, String> query) {
		String resource = Params.resource(query);
		if (resource == null) {
			resource = this.settings.firstResource();
		}
		if (resource == null) {
			throw new ApiErrors.BadParameterException("invalid_request",
					"resource is required: no API resource is configured (LOGTO_RESOURCES)");
		}
		return resource;
	}

	static Mono<Void> requireSignedIn(LogtoClient client) {
		return client.isAuthenticated()
			.flatMap(signedIn -> signedIn ? Mono.<Void>empty()
					: Mono.error(new NotAuthenticatedException("not signed in: sign in at /logto/sign-in first")));
	}

	/** The fields of a context response, assembled in the documented order. */
	private static final class ContextBody {

		@Nullable Map<String, @Nullable Object> claims;

		@Nullable Map<String, Object> userInfo;

		@Nullable String accessToken;

		@Nullable Map<String, Object> accessTokenClaims;

		@Nullable String organizationToken;

		@Nullable Map<String, Object> organizationTokenClaims;

		@Nullable List<Map<String, Object>> organizationTokens;

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("isAuthenticated", true);
			map.put("claims", this.claims);
			putIfPresent(map, "userInfo", this.userInfo);
			putIfPresent(map, "accessToken", this.accessToken);
			putIfPresent(map, "accessTokenClaims", this.accessTokenClaims);
			putIfPresent(map, "organizationToken", this.organizationToken);
			putIfPresent(map, "organizationTokenClaims", this.organizationTokenClaims);
			if (this.organizationTokens != null) {
				map.put("organizationTokens", new ArrayList<>(this.organizationTokens));
			}
			return map;
		}

		private static void putIfPresent(Map<String, Object> map, String name, @Nullable Object value) {
			if (value != null) {
				map.put(name, value);
			}
		}
	}
}
