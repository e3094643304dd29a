package io.github.logtoreactive.example;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session that fills every cookie chunk the defaults allow (4), on the example as users run it: Spring Boot's
 * Reactor Netty server with the starter's defaults. What the server sends is read byte for byte
 * ({@link RawHttp}); what a browser keeps, from headless Chromium.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeSessionTests {

	private static final String SESSION = "logto_session";

	private static final String LAST_CHUNK = SESSION + ".3";

	private LargeSessionTenant tenant;

	@BeforeAll
	void start() {
		this.tenant = LargeSessionTenant.start();
	}

	@AfterAll
	void stop() {
		this.tenant.close();
	}

	@Test
	void sessionAtMaxChunksWhenServedThenEverySetCookieLineFitsTheBrowserLimitAndNoRequestGets431() {
		CookieJar jar = HttpSignIn.signIn(this.tenant.example, "user-1");
		int port = this.tenant.example.port;
		int longestLine = 0;
		boolean full = false;
		for (String resource : LargeSessionTenant.RESOURCES) {
			RawHttp.Head head = RawHttp.get(port, LargeSessionTenant.tokenPath(resource), jar.values());

			assertThat(head.status()).as("token for %s, request of %d bytes", resource, head.requestBytes())
				.isEqualTo(200);
			for (String line : head.setCookieLines()) {
				assertThat(line.length()).as(withoutValue(line)).isLessThanOrEqualTo(SetCookie.MAX_LINE_BYTES);
				assertThat(line).contains("; Max-Age=", "; Expires=", "; Path=/", "; SameSite=Lax")
					.containsIgnoringCase("; HttpOnly");
				longestLine = Math.max(longestLine, line.length());
			}
			boolean written = head.setCookieLines().stream().anyMatch((line) -> line.contains(SESSION));
			jar.rememberLines(head.setCookieLines());
			if (jar.has(LAST_CHUNK) && !written) {
				// One more token does not fit in 4 chunks: the session stays as the browser has it.
				full = true;
				break;
			}
		}
		assertThat(full).as("the session reached the 4-chunk cap").isTrue();

		RawHttp.Head next = RawHttp.get(port, "/api/context", jar.values());

		assertThat(next.requestBytes()).as("twice Netty's default 8 KB of request headers")
			.isGreaterThan(2 * 8 * 1024 - 1024);
		assertThat(next.status()).as("signed in with every chunk").isEqualTo(200);
		assertThat(longestLine).as("full chunks, cut at the limit").isGreaterThan(SetCookie.MAX_LINE_BYTES - 8);
	}

	@Test
	void sessionAtMaxChunksWhenStoredByChromiumThenEveryChunkIsKeptAndTheNextRequestIsSignedIn() {
		String base = this.tenant.example.baseUrl;
		try (Browser browser = Browser.start()) {
			browser.open(base + "/");
			browser.click("sign-in");
			browser.click("user-user-1");
			browser.until("back on the example, signed in", (d) -> !d.findElements(By.id("signed-in")).isEmpty());
			List<TokenKey> fetched = new ArrayList<>();
			for (String resource : LargeSessionTenant.RESOURCES) {
				browser.open(base + LargeSessionTenant.tokenPath(resource));
				assertThat(browser.driver.getPageSource()).as(resource).contains("\"accessToken\"");
				fetched.add(TokenKey.resource(resource));
				if (browser.driver.manage().getCookieNamed(LAST_CHUNK) != null) {
					break;
				}
			}
			Map<String, String> stored = new LinkedHashMap<>();
			for (Cookie cookie : browser.driver.manage().getCookies()) {
				if (cookie.getName().startsWith(SESSION)) {
					assertThat(cookie.isHttpOnly()).as(cookie.getName()).isTrue();
					stored.put(cookie.getName(), cookie.getValue());
				}
			}

			assertThat(stored).containsOnlyKeys(SESSION, SESSION + ".1", SESSION + ".2", LAST_CHUNK);
			LogtoSession session = codec().decode(stored, Instant.now()).value().orElseThrow();
			assertThat(session.accessTokens()).containsKeys(fetched.toArray(TokenKey[]::new));
			browser.open(base + "/api/context");
			assertThat(browser.driver.getPageSource()).contains("\"isAuthenticated\":true", "\"sub\":\"user-1\"");
		}
	}

	/** A Set-Cookie line for an assertion message: its name and attributes, not the long encrypted value. */
	private static String withoutValue(String line) {
		int eq = line.indexOf('=');
		int end = line.indexOf(';');
		return line.substring(0, eq + 1) + "<" + (((end < 0) ? line.length() : end) - eq - 1) + " chars>"
				+ ((end < 0) ? "" : line.substring(end));
	}

	/** The example's session cookie codec: its secret and app id, cookies without {@code Secure} over http. */
	private static SessionCookieCodec codec() {
		return SessionCookieCodec.create(CookieSecrets.of(LargeSessionTenant.APP_ID, ExampleServer.COOKIE_SECRET),
				SessionCookieSettings.builder().secure(false).build());
	}
}
