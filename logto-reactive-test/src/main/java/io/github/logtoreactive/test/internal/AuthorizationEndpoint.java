package io.github.logtoreactive.test.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.logtoreactive.test.TestUser;

/**
 * {@code GET|POST /oidc/auth}: validates the request in oidc-provider's order and either answers at once (auto
 * login, an existing browser session, {@code prompt=none}) or sends the browser to the sign-in page.
 *
 * <p>Errors about the client or the redirect URI are JSON (400) because there is nowhere safe to redirect;
 * every later error is delivered to the redirect URI with {@code error}, {@code error_description},
 * {@code state} and {@code iss}.
 */
final class AuthorizationEndpoint {

	static final String SESSION_COOKIE = "_session";

	static final String ORGANIZATION_RESOURCE = "urn:logto:resource:organizations";

	private static final Duration CODE_TTL = Duration.ofSeconds(60);

	private static final Duration INTERACTION_TTL = Duration.ofHours(1);

	private static final Duration SESSION_TTL = Duration.ofDays(14);

	private static final Duration GRANT_TTL = Duration.ofDays(180);

	private static final Set<String> SINGLE_VALUED = Set.of("client_id", "redirect_uri", "response_type",
			"response_mode", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "prompt");

	private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account", "create");

	private static final Set<String> KNOWN_RESPONSE_TYPES = Set.of("code", "code id_token", "id_token", "none");

	private final ServerContext context;

	AuthorizationEndpoint(ServerContext context) {
		this.context = context;
	}

	HttpReply handle(InboundRequest request) {
		Parameters parameters = new Parameters(request.parameters());
		parameters.rejectDuplicates(SINGLE_VALUED);
		Client client = client(parameters);
		String redirectUri = redirectUri(parameters, client);
		String state = parameters.get("state");
		String responseMode = parameters.get("response_mode");
		if (responseMode == null) {
			responseMode = "query";
		}
		else if (!Set.of("query", "fragment", "form_post").contains(responseMode)) {
			return AuthorizationResponse.error(redirectUri, "query", new OidcException(400,
					"unsupported_response_mode", "unsupported response_mode requested", null), state,
					this.context.issuer());
		}
		try {
			AuthorizationRequest authorization = validate(parameters, client, redirectUri, responseMode, state);
			return authenticate(request, authorization);
		}
		catch (OidcException ex) {
			return AuthorizationResponse.error(redirectUri, responseMode, ex, state, this.context.issuer());
		}
	}

	private Client client(Parameters parameters) {
		String clientId = parameters.get("client_id");
		if (clientId == null) {
			throw OidcException.missingParameters("client_id");
		}
		Client client = Client.find(this.context.config(), clientId);
		if (client == null) {
			throw OidcException.invalidClient(clientId);
		}
		return client;
	}

	private static String redirectUri(Parameters parameters, Client client) {
		String redirectUri = parameters.get("redirect_uri");
		if (redirectUri == null) {
			if (client.redirectUris().size() == 1) {
				return client.redirectUris().get(0);
			}
			throw OidcException.missingParameters("redirect_uri");
		}
		if (!RedirectUris.matches(client.redirectUris(), redirectUri, true)) {
			throw new OidcException(400, "invalid_redirect_uri",
					"redirect_uri did not match any of the client's registered redirect_uris", null);
		}
		return redirectUri;
	}

	private AuthorizationRequest validate(Parameters parameters, Client client, String redirectUri,
			String responseMode, String state) {
		String responseType = parameters.get("response_type");
		if (responseType == null) {
			throw OidcException.missingParameters("response_type");
		}
		if (!"code".equals(responseType)) {
			if (KNOWN_RESPONSE_TYPES.contains(responseType)) {
				throw new OidcException(400, "unauthorized_client",
						"requested response_type is not allowed for this client", null);
			}
			throw new OidcException(400, "unsupported_response_type", "unsupported response_type requested", null);
		}
		Set<String> prompt = prompt(parameters.get("prompt"));
		String challenge = pkce(parameters);
		List<String> scopes = new ArrayList<>(split(parameters.get("scope")));
		if (!prompt.contains("consent")) {
			scopes.remove("offline_access");
		}
		List<String> resources = resources(parameters);
		return new AuthorizationRequest(client.id(), redirectUri, responseMode, List.copyOf(scopes), state,
				parameters.get("nonce"), challenge, prompt, resources);
	}

	private static Set<String> prompt(String value) {
		Set<String> prompt = new LinkedHashSet<>(split(value));
		for (String item : prompt) {
			if (!PROMPTS.contains(item)) {
				throw OidcException.invalidRequest("unsupported prompt value requested");
			}
		}
		if (prompt.contains("none") && prompt.size() > 1) {
			throw OidcException.invalidRequest("prompt none must only be used alone");
		}
		return prompt;
	}

	/** oidc-provider's {@code check_pkce.js} with {@code pkce.required} false for confidential clients. */
	private static String pkce(Parameters parameters) {
		String challenge = parameters.get("code_challenge");
		String method = parameters.get("code_challenge_method");
		if (method == null && challenge != null) {
			throw OidcException.invalidRequest("code_challenge_method must be provided");
		}
		if (method != null) {
			if (!"S256".equals(method)) {
				throw OidcException.invalidRequest("not supported value of code_challenge_method");
			}
			if (challenge == null) {
				throw OidcException.invalidRequest("code_challenge must be provided with code_challenge_method");
			}
		}
		if (challenge != null) {
			Pkce.checkFormat(challenge, "code_challenge");
		}
		return challenge;
	}

	private List<String> resources(Parameters parameters) {
		List<String> resources = new ArrayList<>();
		for (String value : parameters.all("resource")) {
			for (String item : value.split(",")) {
				String indicator = item.trim();
				if (indicator.isEmpty() || resources.contains(indicator)) {
					continue;
				}
				URI uri;
				try {
					uri = URI.create(indicator);
				}
				catch (IllegalArgumentException ex) {
					throw OidcException.invalidTarget("resource indicator must be an absolute URI");
				}
				if (!uri.isAbsolute()) {
					throw OidcException.invalidTarget("resource indicator must be an absolute URI");
				}
				if (uri.getRawFragment() != null) {
					throw OidcException.invalidTarget("resource indicator must not contain a fragment component");
				}
				if (!ORGANIZATION_RESOURCE.equals(indicator)
						&& !this.context.config().tenant().apiResources().containsKey(indicator)) {
					throw OidcException.invalidTarget();
				}
				resources.add(indicator);
			}
		}
		return List.copyOf(resources);
	}

	static List<String> split(String value) {
		List<String> items = new ArrayList<>();
		if (value != null) {
			for (String item : value.trim().split(" +")) {
				if (!item.isEmpty() && !items.contains(item)) {
					items.add(item);
				}
			}
		}
		return items;
	}

	private HttpReply authenticate(InboundRequest request, AuthorizationRequest authorization) {
		BrowserSession session = currentSession(request);
		String autoLogin = this.context.autoLoginUserId();
		if (autoLogin != null) {
			boolean reuse = session != null && session.userId.equals(autoLogin);
			return complete(reuse ? session : null, this.context.config().tenant().users().get(autoLogin),
					authorization);
		}
		if (authorization.prompt().contains("none")) {
			if (session == null) {
				throw new OidcException(400, "login_required", "End-User authentication is required", null);
			}
			return complete(session, this.context.config().tenant().users().get(session.userId), authorization);
		}
		if (session != null && !authorization.prompt().contains("login")
				&& !authorization.prompt().contains("consent")) {
			return complete(session, this.context.config().tenant().users().get(session.userId), authorization);
		}
		Interaction interaction = new Interaction(this.context.newToken(), authorization,
				this.context.now().plus(INTERACTION_TTL));
		this.context.state().interactions.put(interaction.uid(), interaction);
		return HttpReply.seeOther(this.context.baseUrl() + "/sign-in/" + interaction.uid()).noStore();
	}

	/** @return the live browser session of the request's cookie, or {@code null} */
	BrowserSession currentSession(InboundRequest request) {
		String id = request.cookie(SESSION_COOKIE);
		if (id == null) {
			return null;
		}
		BrowserSession session = this.context.state().sessions.get(id);
		if (session == null || !this.context.now().isBefore(session.expiresAt)
				|| !this.context.config().tenant().users().containsKey(session.userId)) {
			return null;
		}
		return session;
	}

	/**
	 * Signs the user in (new browser session unless {@code session} is given), creates the grant and the code,
	 * and answers the client's redirect URI.
	 */
	HttpReply complete(BrowserSession session, TestUser user, AuthorizationRequest authorization) {
		Instant now = this.context.now();
		boolean newSession = session == null;
		if (newSession) {
			session = new BrowserSession(this.context.newToken(), this.context.newToken(), user.id(), now,
					now.plus(SESSION_TTL));
			this.context.state().sessions.put(session.id, session);
		}
		session.clientIds.add(authorization.clientId());
		Grant grant = new Grant(this.context.newToken(), authorization.clientId(), user.id(), session.uid,
				authorization.resources(), authorization.scopes().contains("offline_access"), now.plus(GRANT_TTL));
		this.context.state().grants.put(grant.id(), grant);
		AuthorizationCode code = new AuthorizationCode(this.context.newToken(), grant, authorization,
				now.plus(CODE_TTL));
		this.context.state().codes.put(code.value, code);
		HttpReply reply = AuthorizationResponse.success(authorization.redirectUri(), authorization.responseMode(),
				code.value, authorization.state(), this.context.issuer());
		if (newSession) {
			reply.header("Set-Cookie", SESSION_COOKIE + "=" + session.id + "; Path=/; HttpOnly; SameSite=Lax");
		}
		return reply;
	}
}
