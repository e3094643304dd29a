package io.github.logtoreactive.test.internal;

import io.github.logtoreactive.test.TestUser;

/**
 * {@code GET /sign-in/<uid>} renders the sign-in page of a pending interaction; {@code POST /sign-in/<uid>}
 * handles its forms: {@code action=pick&user_id=..}, {@code action=password&username=..&password=..} and
 * {@code action=cancel} (which answers the client with {@code error=access_denied}).
 */
final class SignInEndpoint {

	static final String PATH_PREFIX = "/sign-in/";

	private final ServerContext context;

	private final AuthorizationEndpoint authorization;

	SignInEndpoint(ServerContext context, AuthorizationEndpoint authorization) {
		this.context = context;
		this.authorization = authorization;
	}

	HttpReply handle(InboundRequest request) {
		String uid = request.path().substring(PATH_PREFIX.length());
		Interaction interaction = this.context.state().interactions.get(uid);
		if (interaction == null || !this.context.now().isBefore(interaction.expiresAt())) {
			return HttpReply.html(400, SignInPage.notFound()).noStore();
		}
		if (!request.isPost()) {
			return page(interaction, null, 200);
		}
		Parameters form = new Parameters(request.parameters());
		String action = form.get("action");
		if ("cancel".equals(action)) {
			this.context.state().interactions.remove(uid);
			AuthorizationRequest pending = interaction.request();
			return AuthorizationResponse.error(pending.redirectUri(), pending.responseMode(),
					new OidcException(400, "access_denied", "End-User aborted interaction", null), pending.state(),
					this.context.issuer());
		}
		TestUser user;
		if ("password".equals(action)) {
			user = byPassword(form.get("username"), form.get("password"));
			if (user == null) {
				return page(interaction, "Invalid username or password.", 422);
			}
		}
		else {
			String userId = form.get("user_id");
			user = (userId != null) ? this.context.config().tenant().users().get(userId) : null;
			if (user == null) {
				return page(interaction, "Pick one of the users below.", 422);
			}
		}
		if (user.suspended()) {
			return page(interaction, "This account is suspended.", 422);
		}
		if (this.context.state().interactions.remove(uid) == null) {
			return HttpReply.html(400, SignInPage.notFound()).noStore();
		}
		return this.authorization.complete(null, user, interaction.request());
	}

	private TestUser byPassword(String identifier, String password) {
		if (identifier == null || password == null) {
			return null;
		}
		for (TestUser user : this.context.config().tenant().users().values()) {
			boolean named = identifier.equals(user.username()) || identifier.equalsIgnoreCase(String.valueOf(user.email()));
			if (named && password.equals(user.password())) {
				return user;
			}
		}
		return null;
	}

	private HttpReply page(Interaction interaction, String error, int status) {
		String action = this.context.baseUrl() + PATH_PREFIX + interaction.uid();
		return HttpReply.html(status, SignInPage.render(action, interaction.request().clientId(),
				this.context.config().tenant().users().values(), error)).noStore();
	}
}
