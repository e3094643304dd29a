package io.github.logtoreactive.example;

import java.util.List;
import java.util.Map;

import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoHttpError;
import io.github.logtoreactive.test.TestUser;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import reactor.core.publisher.Mono;

/**
 * The home page, rendered on the server: signed out, a Sign in button; signed in, the ID-token claims, user info,
 * a token per API resource, an organization token per organization, a machine-to-machine call, a token stream, and
 * Sign out. Each section names the library call behind it. Element ids are stable (browser tests use them).
 */
@Controller
class PageController {

	private final ExampleSettings settings;

	PageController(ExampleSettings settings) {
		this.settings = settings;
	}

	@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
	Mono<ResponseEntity<String>> home(LogtoClient client) {
		return client.isAuthenticated()
			.flatMap(signedIn -> signedIn ? client.getIdTokenClaims().map(this::signedIn) : Mono.just(signedOut()))
			.map(html -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(html))
			.onErrorResume(LogtoException.class, ex -> Mono.just(LogtoHttpError.of(ex)).map(error -> ResponseEntity
				.status(error.status())
				.cacheControl(CacheControl.noStore())
				.body(Html.page("logto-reactive example", header(), """
						<section id="error-section"><h2>Something went wrong</h2>
						<p id="error-message">%s</p><p>Reason: <code id="error-code">%s</code></p>
						<p><a href="/">Try again</a></p></section>
						""".formatted(Html.text(error.message()), Html.text(error.code()))))));
	}

	private String header() {
		String logto = this.settings.embedded()
				? "the embedded Logto-compatible demo server at <code>" + Html.text(this.settings.endpoint()) + "</code>"
				: "<code>" + Html.text(this.settings.endpoint()) + "</code>";
		return "<p class=\"muted\" id=\"mode\">Reactive, non-blocking Logto for Spring WebFlux &middot; Logto: " + logto
				+ "</p>";
	}

	private String signedOut() {
		StringBuilder body = new StringBuilder();
		body.append("""
				<section id="signed-out-section">
				<h2 id="signed-out">You are signed out</h2>
				<p class="lead">Sign in with Logto to see your claims, fetch user info and get access tokens.</p>
				<p><a class="button" id="sign-in" href="/logto/sign-in">Sign in</a></p>
				<code class="call">GET /logto/sign-in &rarr; LogtoWebFilter &rarr; client.signIn(SignInOptions.builder(baseUrl + "/logto/callback").build())</code>
				</section>
				""");
		if (this.settings.embedded()) {
			body.append("""
					<section id="demo-users"><h2>Demo users</h2>
					<p>The embedded server's sign-in page lists them; pick one, or use the password form.</p>
					<table><tr><th>Username</th><th>Password</th><th>Name</th><th>Email</th></tr>
					""");
			for (TestUser user : DemoTenant.USERS) {
				body.append("<tr><td><code>").append(Html.text(user.username())).append("</code></td><td><code>")
					.append(Html.text(user.password())).append("</code></td><td>").append(Html.text(user.name()))
					.append("</td><td>").append(Html.text(user.email())).append("</td></tr>\n");
			}
			body.append("</table></section>\n");
		}
		return Html.page("logto-reactive example", header(), body.toString());
	}

	private String signedIn(IdTokenClaims claims) {
		StringBuilder body = new StringBuilder();
		String who = firstNonNull(claims.name(), claims.username(), claims.email(), claims.sub());
		body.append("""
				<section id="signed-in-section">
				<div class="row"><h2 id="signed-in">Signed in as <span id="user-name">%s</span></h2>
				<form id="sign-out-form" method="post" action="/logto/sign-out"><button id="sign-out" class="secondary" type="submit">Sign out</button></form></div>
				<code class="call">POST /logto/sign-out &rarr; LogtoWebFilter &rarr; client.signOut(baseUrl + "/")</code>
				</section>
				""".formatted(Html.text(who)));
		claims(body, claims);
		userInfo(body);
		resourceTokens(body);
		organizationTokens(body, claims.organizations());
		m2m(body);
		stream(body);
		return Html.page("logto-reactive example", header(), body.toString());
	}

	private static void claims(StringBuilder body, IdTokenClaims claims) {
		body.append("""
				<section id="claims-section"><h2>ID token claims</h2>
				<code class="call">client.getIdTokenClaims()</code>
				<table id="claims">
				""");
		for (Map.Entry<String, Object> claim : claims.claims().entrySet()) {
			body.append("<tr id=\"claim-").append(Html.text(claim.getKey())).append("\"><th>")
				.append(Html.text(claim.getKey())).append("</th><td>").append(Html.claim(claim.getKey(), claim.getValue()))
				.append("</td></tr>\n");
		}
		body.append("</table></section>\n");
	}

	private static void userInfo(StringBuilder body) {
		body.append("""
				<section id="user-info-section"><h2>User info</h2>
				<code class="call">client.fetchUserInfo()</code>
				<button id="fetch-user-info" type="button" data-url="/api/context?fetchUserInfo=true" data-field="userInfo" data-target="user-info-result">Fetch user info</button>
				<pre class="result" id="user-info-result"></pre>
				</section>
				""");
	}

	private void resourceTokens(StringBuilder body) {
		body.append("<section id=\"tokens-section\"><h2>API resource tokens</h2>\n");
		List<String> resources = this.settings.resources();
		if (resources.isEmpty()) {
			body.append("<p id=\"no-resources\" class=\"muted\">No API resource is configured: set LOGTO_RESOURCES.</p>\n");
		}
		for (int i = 0; i < resources.size(); i++) {
			String resource = resources.get(i);
			body.append("""
					<div class="card"><h3>%s</h3>
					<code class="call">client.getAccessToken("%s") &middot; client.getAccessTokenClaims("%s")</code>
					<button id="get-token-%d" type="button" data-url="/api/context?resource=%s" data-token="accessToken" data-field="accessTokenClaims" data-target="token-result-%d">Get token</button>
					<pre class="result" id="token-result-%d"></pre></div>
					""".formatted(Html.text(resource), Html.text(resource), Html.text(resource), i,
					Html.text(Html.query(resource)), i, i));
		}
		body.append("</section>\n");
	}

	private void organizationTokens(StringBuilder body, List<String> organizations) {
		body.append("<section id=\"organizations-section\"><h2>Organization tokens</h2>\n");
		if (!this.settings.organizationsScope()) {
			body.append("<p class=\"muted\">Add the scope <code>urn:logto:scope:organizations</code> (LOGTO_SCOPES) "
					+ "to get organization tokens.</p>\n");
		}
		else if (organizations.isEmpty()) {
			body.append("<p id=\"no-organizations\" class=\"muted\">You are not a member of any organization.</p>\n");
		}
		else {
			body.append("""
					<p>One per organization in the <code>organizations</code> claim.
					<button id="get-all-org-tokens" class="secondary" type="button" data-url="/api/context?organizationTokens=true" data-field="organizationTokens" data-target="all-org-tokens-result">Get all</button>
					<code class="call">client.getOrganizationTokens()</code></p>
					<pre class="result" id="all-org-tokens-result"></pre>
					""");
		}
		for (int i = 0; i < organizations.size() && this.settings.organizationsScope(); i++) {
			String organization = organizations.get(i);
			body.append("""
					<div class="card"><h3>%s</h3>
					<code class="call">client.getOrganizationToken("%s") &middot; client.getOrganizationTokenClaims("%s")</code>
					<button id="get-org-token-%d" type="button" data-url="/api/context?organizationId=%s" data-token="organizationToken" data-field="organizationTokenClaims" data-target="org-token-result-%d">Get organization token</button>
					<pre class="result" id="org-token-result-%d"></pre></div>
					""".formatted(Html.text(organization), Html.text(organization), Html.text(organization), i,
					Html.text(Html.query(organization)), i, i));
		}
		body.append("</section>\n");
	}

	private void m2m(StringBuilder body) {
		body.append("""
				<section id="m2m-section"><h2>Machine to machine</h2>
				<p>Calls the demo API (<code>GET /demo-api/echo</code>, which verifies the JWT against Logto's JWKS) with a client-credentials token; no user needed.</p>
				<code class="call">webClient.mutate().filter(LogtoExchangeFilterFunctions.clientCredentials(engine.clientCredentials(m2mAppId, m2mAppSecret), resource))</code>
				""");
		if (this.settings.m2mAppId() == null) {
			body.append("<p id=\"m2m-not-configured\" class=\"muted\">Set LOGTO_M2M_APP_ID and LOGTO_M2M_APP_SECRET to try it.</p>\n");
		}
		else {
			body.append("""
					<button id="call-m2m" type="button" data-url="/api/m2m" data-target="m2m-result">Call the demo API</button>
					<pre class="result" id="m2m-result"></pre>
					""");
		}
		body.append("</section>\n");
	}

	private void stream(StringBuilder body) {
		String resource = this.settings.firstResource();
		if (resource == null) {
			return;
		}
		body.append("""
				<section id="stream-section"><h2>Token stream</h2>
				<p>Server-sent events from <code>GET /api/stream</code>: the token is refreshed before the first byte, so the response's cookie carries it; refreshes during the stream are kept by the library for your next request.</p>
				<code class="call">client.getAccessToken("%s")  // once per event</code>
				<button id="start-stream" type="button" data-stream="/api/stream?events=5&amp;intervalMs=500" data-target="stream-result">Stream 5 events</button>
				<pre class="result" id="stream-result"></pre>
				</section>
				""".formatted(Html.text(resource)));
	}

	private static String firstNonNull(String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return "";
	}
}
