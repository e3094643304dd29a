package io.github.logtoreactive.test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriBuilder;

/**
 * Signs a user in to a WebFlux application through a {@link WebTestClient} in one call, against a running
 * {@link LogtoTestServer}.
 *
 * <p>It follows the application's sign-in contract: {@code GET <signInPath>} answers a redirect (3xx) to the
 * server's {@code /oidc/auth}; the helper follows it (auto-login, or picking the user on the sign-in page), then
 * calls the application's callback with the returned {@code code}, {@code state} and {@code iss}, which must
 * answer a redirect with {@code Set-Cookie}. The application's cookies are carried from the sign-in request to the
 * callback and returned in a {@link SignedInCookies}.
 *
 * <pre>{@code
 * SignedInCookies signedIn = WebTestClientSignIn.with(server).user("user-2").signIn(webTestClient);
 * webTestClient.get().uri("/profile").cookies(signedIn::applyTo).exchange().expectStatus().isOk();
 * }</pre>
 *
 * <p>Immutable: {@link #signInPath(String)} and {@link #user(String)} return copies. The calls are synchronous,
 * like {@link WebTestClient} itself: use it from test code, not from reactive pipelines. A step that does not
 * answer as the contract says fails with an {@link AssertionError} naming the step and the status.
 *
 * <p>Needs {@code spring-test} and {@code spring-webflux} on the test class path (optional dependencies of this
 * module).
 */
public final class WebTestClientSignIn {

	/** The sign-in route of the logto-reactive WebFlux integration. */
	public static final String DEFAULT_SIGN_IN_PATH = "/logto/sign-in";

	private final LogtoTestServer server;

	private final String signInPath;

	private final String userId;

	private WebTestClientSignIn(LogtoTestServer server, String signInPath, String userId) {
		this.server = server;
		this.signInPath = signInPath;
		this.userId = userId;
	}

	/**
	 * @param server the running test server the application is configured against
	 * @return a helper using {@link #DEFAULT_SIGN_IN_PATH} and auto-login, or the first user when auto-login is off
	 */
	public static WebTestClientSignIn with(LogtoTestServer server) {
		return new WebTestClientSignIn(Objects.requireNonNull(server, "server"), DEFAULT_SIGN_IN_PATH, null);
	}

	/**
	 * @param path the application's sign-in route, e.g. {@code /login}
	 * @return a copy using this route
	 */
	public WebTestClientSignIn signInPath(String path) {
		return new WebTestClientSignIn(this.server, Names.requireText(path, "signInPath"), this.userId);
	}

	/**
	 * @param user the user to pick on the sign-in page (ignored when the server auto-logs-in a user)
	 * @return a copy picking this user
	 */
	public WebTestClientSignIn user(String user) {
		if (!this.server.tenant().users().containsKey(Names.requireText(user, "user"))) {
			throw new IllegalArgumentException("user '" + user + "' is not configured on the test server");
		}
		return new WebTestClientSignIn(this.server, this.signInPath, user);
	}

	/**
	 * Runs the sign-in.
	 * @param app a client bound to the application (any binding: server, router function, application context)
	 * @return the application's cookies after the callback
	 * @throws AssertionError if a step does not follow the contract
	 */
	public SignedInCookies signIn(WebTestClient app) {
		Objects.requireNonNull(app, "app");
		MultiValueMap<String, ResponseCookie> appCookies = new LinkedMultiValueMap<>();
		EntityExchangeResult<byte[]> start = app.get().uri(this.signInPath).exchange().expectBody().returnResult();
		if (start.getStatus().value() == 404) {
			throw new AssertionError("GET " + this.signInPath + " answered 404: the application has no sign-in route "
					+ "there (logto-reactive is off without logto.endpoint, and says so in one log line at startup)");
		}
		String authorizationUrl = redirect(start, "GET " + this.signInPath);
		merge(appCookies, start.getResponseCookies());

		WebTestClient logto = WebTestClient.bindToServer().build();
		EntityExchangeResult<byte[]> authorization = logto.get().uri(URI.create(authorizationUrl)).exchange()
			.expectBody().returnResult();
		String location = redirect(authorization, "GET " + authorizationUrl);
		ResponseCookie logtoSession = authorization.getResponseCookies().getFirst("_session");
		String signInPage = this.server.baseUrl() + "/sign-in/";
		if (location.startsWith(signInPage)) {
			EntityExchangeResult<byte[]> picked = pick(logto, location);
			location = redirect(picked, "POST " + location);
			logtoSession = picked.getResponseCookies().getFirst("_session");
		}

		URI callback = URI.create(location);
		String pathAndQuery = callback.getRawPath() + ((callback.getRawQuery() != null) ? "?" + callback.getRawQuery() : "");
		EntityExchangeResult<byte[]> finished = app.get()
			.uri((builder) -> callbackUri(builder, callback))
			.cookies((cookies) -> appCookies.forEach((name, values) -> values
				.forEach((cookie) -> cookies.add(name, cookie.getValue()))))
			.exchange()
			.expectBody()
			.returnResult();
		String target = redirect(finished, "GET " + pathAndQuery);
		merge(appCookies, finished.getResponseCookies());
		return new SignedInCookies(appCookies, target, logtoSession);
	}

	/**
	 * Builds the callback request on the app client's own URI builder, so a client bound to a running server (with a
	 * base URL) reaches that server, and a mock-bound client gets a relative URI. Query values travel decoded, as URI
	 * variables, so the builder encodes them exactly once.
	 */
	private static URI callbackUri(UriBuilder builder, URI callback) {
		builder.path(callback.getRawPath());
		Map<String, String> values = new LinkedHashMap<>();
		String query = callback.getRawQuery();
		if (query != null) {
			int i = 0;
			for (String pair : query.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int eq = pair.indexOf('=');
				String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
				String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
				String variable = "v" + (i++);
				builder.queryParam(name, "{" + variable + "}");
				values.put(variable, value);
			}
		}
		return builder.build(values);
	}

	private EntityExchangeResult<byte[]> pick(WebTestClient logto, String page) {
		EntityExchangeResult<byte[]> shown = logto.get().uri(URI.create(page)).exchange().expectBody().returnResult();
		if (shown.getStatus().value() != 200) {
			throw new AssertionError("the sign-in page " + page + " answered " + shown.getStatus());
		}
		String user = (this.userId != null) ? this.userId : this.server.tenant().users().keySet().iterator().next();
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("action", "pick");
		form.add("user_id", user);
		return logto.post()
			.uri(URI.create(page))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectBody()
			.returnResult();
	}

	private static String redirect(EntityExchangeResult<byte[]> result, String step) {
		URI location = result.getResponseHeaders().getLocation();
		if (!result.getStatus().is3xxRedirection() || location == null) {
			byte[] body = result.getResponseBody();
			throw new AssertionError(step + " should redirect but answered " + result.getStatus()
					+ ((body != null) ? ": " + new String(body, java.nio.charset.StandardCharsets.UTF_8) : ""));
		}
		return result.getResponseHeaders().getFirst(HttpHeaders.LOCATION);
	}

	private static void merge(MultiValueMap<String, ResponseCookie> jar, MultiValueMap<String, ResponseCookie> set) {
		set.forEach((name, cookies) -> {
			ResponseCookie last = cookies.get(cookies.size() - 1);
			if (last.getMaxAge().isZero() || last.getValue().isEmpty()) {
				jar.remove(name);
			}
			else {
				jar.put(name, List.of(last));
			}
		});
	}
}
