package io.github.logtoreactive.example;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real headless Chromium against the example in embedded mode (no configuration: the embedded Logto-compatible
 * server and its demo tenant, the sign-in page listing the demo users).
 */
@Timeout(180)
class EmbeddedBrowserTests {

	@Test
	void browserWhenSigningInGettingTokensAndSigningOutWithTheDemoUserThenEachStepSucceeds() {
		try (ExampleServer example = ExampleServer.embedded(); Browser browser = Browser.start()) {
			BrowserFlow.signInGetTokensSignOut(browser, example.baseUrl, "user-1", "alice@example.com",
					"https://api.example.com", "org-1");
		}
	}

	@Test
	void signInWhenTheSecondUserThenTheirOwnClaimsAndTheMachineToMachineCall() {
		try (ExampleServer example = ExampleServer.embedded(); Browser browser = Browser.start()) {
			browser.open(example.baseUrl + "/");
			assertThat(browser.element("demo-users").getText()).contains("alice", "bob", "bob-password");
			browser.click("sign-in");
			// The password form of the embedded sign-in page.
			browser.element("username").sendKeys("bob");
			browser.element("password").sendKeys("bob-password");
			browser.click("password-submit");
			assertThat(browser.element("user-name").getText()).isEqualTo("Bob Example");
			assertThat(browser.element("claim-email").getText()).contains("bob@example.com");

			browser.click("get-token-1");
			assertThat(browser.result("token-result-1", 200)).contains("\"aud\": \"https://billing.example.com\"",
					"invoices:read");

			browser.click("call-m2m");
			assertThat(browser.result("m2m-result", 200)).contains("\"status\": 200",
					"\"clientId\": \"example-m2m-app\"");

			browser.click("start-stream");
			browser.until("five stream events", d -> d.findElement(org.openqa.selenium.By.id("stream-result"))
				.getText()
				.contains("\"n\":4"));
		}
	}
}
