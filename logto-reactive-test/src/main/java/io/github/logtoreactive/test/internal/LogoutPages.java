package io.github.logtoreactive.test.internal;

/** The HTML of the end-session steps, shaped like Logto's {@code logout.html} and oidc-provider's success page. */
final class LogoutPages {

	private LogoutPages() {
	}

	/** The "Sign Out" page: a form that submits itself ({@code logout=yes}), with a button when scripts are off. */
	static String confirm(String action, String xsrf) {
		return Html.page("Sign Out", """
				<h1 id="title">Signing out&hellip;</h1>
				<form id="op.logoutForm" method="post" action="%s">
				<input type="hidden" name="xsrf" value="%s">
				<input type="hidden" name="logout" value="yes">
				<noscript><button type="submit" id="logout-confirm" class="primary">Sign out</button></noscript>
				</form>
				<script>document.getElementById('op.logoutForm').submit();</script>
				""".formatted(Html.escape(action), Html.escape(xsrf)));
	}

	static String success() {
		return Html.page("Sign-out Success", """
				<h1 id="title">Sign-out Success</h1>
				<p id="message">You have successfully signed out.</p>
				""");
	}
}
