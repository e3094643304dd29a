package io.github.logtoreactive.test.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.logtoreactive.support.TestHttp;

/**
 * The flow tests' browser steps (following redirects to the app, Logto's sign-out page) over one user agent of the
 * shared test HTTP client, whose cookie jar goes back to the identity provider, the only host it talks to.
 */
final class Browser {

	private static final Pattern FORM_ACTION = Pattern.compile("action=\"([^\"]+)\"");

	private static final Pattern XSRF = Pattern.compile("name=\"xsrf\" value=\"([^\"]+)\"");

	private final TestHttp.Agent agent = TestHttp.agent();

	TestHttp.Reply get(String url) {
		return this.agent.get(url);
	}

	/** Posts a form, with HTTP Basic client authentication when {@code basicAuth} is given. */
	TestHttp.Reply post(String url, Map<String, String> basicAuth, String... keysAndValues) {
		Map<String, String> headers = basicAuth.isEmpty() ? Map.of()
				: TestHttp.basic(basicAuth.keySet().iterator().next(), basicAuth.values().iterator().next());
		return this.agent.post(url, headers, keysAndValues);
	}

	/**
	 * Follows redirects from {@code url} until one leaves the identity provider for {@code target}.
	 * @return the full URL of the redirect to {@code target}, with its query
	 */
	String followUntil(String url, String target) {
		TestHttp.Reply reply = get(url);
		for (int hop = 0; hop < 8; hop++) {
			assertThat(reply.status()).as("hop %s (%s)", hop, reply.body().length() > 300 ? "page" : reply.body())
				.isIn(302, 303);
			String location = URI.create(url).resolve(reply.location()).toString();
			if (location.startsWith(target)) {
				return location;
			}
			url = location;
			reply = get(url);
		}
		throw new AssertionError("no redirect to " + target + " after 8 hops");
	}

	/**
	 * Opens an end-session URL like a browser: the provider answers with Logto's auto-submitting "Sign Out" page,
	 * whose form (xsrf + {@code logout=yes}) is posted as its script would.
	 * @return the answer of the confirm step
	 */
	TestHttp.Reply signOutAt(String endSessionUrl) {
		TestHttp.Reply page = get(endSessionUrl);
		assertThat(page.status()).as("end-session page").isEqualTo(200);
		assertThat(page.body()).contains("<title>Sign Out</title>").contains(".submit()");
		Matcher action = FORM_ACTION.matcher(page.body());
		Matcher xsrf = XSRF.matcher(page.body());
		assertThat(action.find()).as("form action").isTrue();
		assertThat(xsrf.find()).as("xsrf field").isTrue();
		String confirm = URI.create(endSessionUrl).resolve(action.group(1).replace("&amp;", "&")).toString();
		return post(confirm, Map.of(), "xsrf", xsrf.group(1), "logout", "yes");
	}

	static Map<String, String> query(URI uri) {
		return TestHttp.query(uri.getRawQuery());
	}
}
