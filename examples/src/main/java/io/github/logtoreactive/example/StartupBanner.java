package io.github.logtoreactive.example;

import java.io.PrintStream;

import io.github.logtoreactive.test.TestUser;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Prints where to open the browser once the server is up: the URL, the demo users in embedded mode, and a reminder
 * when the cookie secret was generated for this run. Runs on the main thread at startup.
 */
final class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

	private final ExampleSettings settings;

	StartupBanner(ExampleSettings settings) {
		this.settings = settings;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		print(System.out, event.getApplicationContext().getEnvironment().getProperty("local.server.port"));
	}

	void print(PrintStream out, String port) {
		StringBuilder text = new StringBuilder();
		String line = "=".repeat(78);
		text.append('\n').append(line).append('\n');
		text.append("  logto-reactive example is running. Open ").append(this.settings.baseUrl()).append('\n');
		if (this.settings.embedded()) {
			text.append("  Logto: the embedded Logto-compatible server at ").append(this.settings.endpoint())
				.append('\n');
			text.append("  Demo users (pick one on the sign-in page, or use the password form):\n");
			for (TestUser user : DemoTenant.USERS) {
				text.append("    ").append(user.username()).append(" / ").append(user.password()).append("  (")
					.append(user.name()).append(", ").append(user.email()).append(")\n");
			}
			text.append("  Set LOGTO_ENDPOINT, LOGTO_APP_ID and LOGTO_APP_SECRET to use your own Logto instead.\n");
		}
		else {
			text.append("  Logto: ").append(this.settings.endpoint()).append('\n');
			text.append("  Redirect URI: ").append(this.settings.baseUrl()).append("/logto/callback, post sign-out URI: ")
				.append(this.settings.baseUrl()).append("/\n");
		}
		if (port != null && !this.settings.baseUrl().endsWith(":" + port)) {
			text.append("  (listening on port ").append(port).append(")\n");
		}
		if (this.settings.cookieSecretGenerated()) {
			text.append("  Generated a cookie secret for this run: sessions end at restart ")
				.append("(set LOGTO_COOKIE_SECRET to keep them)\n");
		}
		text.append(line).append('\n');
		out.print(text);
		out.flush();
	}
}
