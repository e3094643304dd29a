package io.github.logtoreactive.example;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newcomer's flow in a real browser, the same against every identity provider: open home, click Sign in, pick
 * the user on the provider's sign-in page, land back signed in, see the claims, get an API token and an organization
 * token, fetch user info, sign out, see the signed-out page.
 */
final class BrowserFlow {

	private BrowserFlow() {
	}

	/**
	 * @param browser the browser
	 * @param baseUrl the example's base URL
	 * @param userId the user to pick on the sign-in page
	 * @param email the user's email
	 * @param resource the first configured API resource
	 * @param organizationId the user's first organization
	 */
	static void signInGetTokensSignOut(Browser browser, String baseUrl, String userId, String email, String resource,
			String organizationId) {
		browser.open(baseUrl + "/");
		assertThat(browser.element("signed-out").getText()).isEqualTo("You are signed out");

		browser.click("sign-in");
		browser.click("user-" + userId);

		browser.until("back on the example, signed in",
				d -> d.getCurrentUrl().startsWith(baseUrl + "/") && !d.findElements(
						org.openqa.selenium.By.id("signed-in")).isEmpty());
		assertThat(browser.driver.getCurrentUrl()).isEqualTo(baseUrl + "/");
		assertThat(browser.element("claim-sub").getText()).contains(userId);
		assertThat(browser.element("claim-email").getText()).contains(email);
		assertThat(browser.element("claims").getText()).contains("organizations", organizationId);

		browser.click("get-token-0");
		String tokenClaims = browser.result("token-result-0", 200);
		assertThat(tokenClaims).contains("\"aud\": \"" + resource + "\"", "\"sub\": \"" + userId + "\"")
			.startsWith("token: ");

		browser.click("get-org-token-0");
		assertThat(browser.result("org-token-result-0", 200))
			.contains("\"aud\": \"urn:logto:organization:" + organizationId + "\"");

		browser.click("fetch-user-info");
		assertThat(browser.result("user-info-result", 200)).contains("\"sub\": \"" + userId + "\"", email);

		browser.click("sign-out");
		browser.until("the signed-out home page after Logto's end session",
				d -> d.getCurrentUrl().startsWith(baseUrl + "/")
						&& !d.findElements(org.openqa.selenium.By.id("signed-out")).isEmpty());
		assertThat(browser.element("signed-out").getText()).isEqualTo("You are signed out");
		assertThat(browser.driver.findElements(org.openqa.selenium.By.id("signed-in"))).isEmpty();

		// The session is gone server-side as well: the JSON endpoint answers 401.
		browser.open(baseUrl + "/api/context");
		assertThat(browser.driver.getPageSource()).contains("not_authenticated");
	}
}
