package io.github.logtoreactive.test.internal;

import java.util.Collection;

import io.github.logtoreactive.test.TestUser;

/**
 * The HTML of the sign-in page. Element ids are stable for browser tests: one button per user
 * ({@code id="user-<userId>"}, {@code data-testid="user-<userId>"}), the password form ({@code username},
 * {@code password}, {@code password-submit}), {@code cancel}, and {@code error} when a message is shown.
 */
final class SignInPage {

	private SignInPage() {
	}

	static String render(String action, String clientId, Collection<TestUser> users, String error) {
		StringBuilder body = new StringBuilder();
		body.append("<h1 id=\"title\">Sign in</h1>\n<p class=\"hint\">to <strong id=\"client-id\">")
			.append(Html.escape(clientId))
			.append("</strong> &middot; pick a test user</p>\n");
		if (error != null) {
			body.append("<div id=\"error\" class=\"error\" role=\"alert\" data-testid=\"error\">")
				.append(Html.escape(error))
				.append("</div>\n");
		}
		body.append("<form id=\"pick-user-form\" method=\"post\" action=\"")
			.append(Html.escape(action))
			.append("\">\n<input type=\"hidden\" name=\"action\" value=\"pick\">\n<ul id=\"users\">\n");
		boolean passwords = false;
		for (TestUser user : users) {
			passwords |= user.password() != null;
			String label = (user.name() != null) ? user.name() : (user.username() != null) ? user.username() : user.id();
			String detail = (user.email() != null) ? user.email() : (user.username() != null) ? user.username() : user.id();
			body.append("<li><button type=\"submit\" name=\"user_id\" value=\"")
				.append(Html.escape(user.id()))
				.append("\" id=\"user-")
				.append(Html.escape(user.id()))
				.append("\" data-testid=\"user-")
				.append(Html.escape(user.id()))
				.append("\"")
				.append(user.suspended() ? " disabled" : "")
				.append("><span class=\"user-name\">")
				.append(Html.escape(label))
				.append("</span><span class=\"user-detail\">")
				.append(Html.escape(detail))
				.append(user.suspended() ? " (suspended)" : "")
				.append("</span></button></li>\n");
		}
		body.append("</ul>\n</form>\n");
		if (passwords) {
			body.append("""
					<hr>
					<form id="password-form" method="post" action="%s">
					<input type="hidden" name="action" value="password">
					<label for="username">Username or email</label>
					<input type="text" id="username" name="username" data-testid="username" autocomplete="username">
					<label for="password">Password</label>
					<input type="password" id="password" name="password" data-testid="password" autocomplete="current-password">
					<p><button type="submit" id="password-submit" data-testid="password-submit" class="primary">Sign in</button></p>
					</form>
					""".formatted(Html.escape(action)));
		}
		body.append("""
				<form id="cancel-form" method="post" action="%s">
				<input type="hidden" name="action" value="cancel">
				<button type="submit" id="cancel" data-testid="cancel" class="secondary">Cancel</button>
				</form>
				""".formatted(Html.escape(action)));
		return Html.page("Sign in", body.toString());
	}

	static String notFound() {
		return Html.page("Sign in", """
				<h1 id="title">Session not found</h1>
				<div id="error" class="error" role="alert" data-testid="error">\
				This sign-in request is unknown or has expired. Go back to the application and sign in again.</div>
				""");
	}
}
