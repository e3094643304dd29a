package io.github.logtoreactive.test.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import reactor.core.publisher.Mono;

/**
 * RP-initiated logout as Logto runs it: {@code GET|POST /oidc/session/end} validates {@code id_token_hint},
 * {@code client_id} and {@code post_logout_redirect_uri} and answers a "Sign Out" page that auto-submits
 * {@code xsrf} and {@code logout=yes} to {@code /oidc/session/end/confirm}; the confirm step ends the browser
 * session (back-channel logout, grants without {@code offline_access} revoked, cookie cleared) and answers 303 to
 * {@code post_logout_redirect_uri?state=..}, or to {@code /oidc/session/end/success} when no client was identified.
 */
final class EndSessionEndpoint {

	static final String CONFIRM_PATH = "/oidc/session/end/confirm";

	static final String SUCCESS_PATH = "/oidc/session/end/success";

	private static final Duration PENDING_TTL = Duration.ofHours(1);

	private final ServerContext context;

	private final AuthorizationEndpoint authorization;

	private final BackchannelLogout backchannel;

	EndSessionEndpoint(ServerContext context, AuthorizationEndpoint authorization, BackchannelLogout backchannel) {
		this.context = context;
		this.authorization = authorization;
		this.backchannel = backchannel;
	}

	HttpReply start(InboundRequest request) {
		Parameters parameters = new Parameters(request.parameters());
		parameters.rejectDuplicates(Set.of("id_token_hint", "client_id", "post_logout_redirect_uri", "state",
				"ui_locales", "logout_hint"));
		String clientId = parameters.get("client_id");
		String hint = parameters.get("id_token_hint");
		if (hint != null) {
			Map<String, Object> claims = this.context.keys().verify(hint);
			if (claims == null || !(claims.get("aud") instanceof String audience)) {
				throw OidcException.invalidRequest("could not validate id_token_hint");
			}
			if (clientId != null && !clientId.equals(audience)) {
				throw OidcException.invalidRequest("client_id does not match the provided id_token_hint");
			}
			clientId = audience;
		}
		Client client = null;
		if (clientId != null) {
			client = Client.find(this.context.config(), clientId);
			if (client == null) {
				throw OidcException.invalidClient(clientId);
			}
		}
		String postLogoutRedirectUri = parameters.get("post_logout_redirect_uri");
		if (client == null) {
			postLogoutRedirectUri = null;
		}
		else if (postLogoutRedirectUri != null
				&& !RedirectUris.matches(client.postLogoutRedirectUris(), postLogoutRedirectUri, false)) {
			throw OidcException.invalidRequest("post_logout_redirect_uri not registered");
		}
		PendingLogout pending = new PendingLogout(this.context.newToken(), clientId, postLogoutRedirectUri,
				parameters.get("state"), this.context.now().plus(PENDING_TTL));
		this.context.state().pendingLogouts.put(pending.xsrf(), pending);
		return HttpReply.html(200, LogoutPages.confirm(this.context.baseUrl() + CONFIRM_PATH, pending.xsrf()))
			.noStore();
	}

	Mono<HttpReply> confirm(InboundRequest request) {
		if (!request.isPost()) {
			throw OidcException.unrecognizedRoute(request);
		}
		Parameters parameters = new Parameters(request.parameters());
		String xsrf = parameters.get("xsrf");
		PendingLogout pending = (xsrf != null) ? this.context.state().pendingLogouts.remove(xsrf) : null;
		if (pending == null || !this.context.now().isBefore(pending.expiresAt())) {
			throw OidcException.invalidRequest("xsrf token invalid");
		}
		BrowserSession session = this.authorization.currentSession(request);
		Mono<Void> ended = (session != null) ? this.backchannel.endSession(session) : Mono.empty();
		return ended.then(Mono.fromCallable(() -> {
			HttpReply reply;
			if (pending.postLogoutRedirectUri() != null) {
				String uri = pending.postLogoutRedirectUri();
				if (pending.state() != null) {
					uri = uri + (uri.contains("?") ? "&" : "?") + "state="
							+ AuthorizationResponse.encode(pending.state());
				}
				reply = HttpReply.seeOther(uri);
			}
			else {
				String query = (pending.clientId() != null)
						? "?client_id=" + AuthorizationResponse.encode(pending.clientId()) : "";
				reply = HttpReply.seeOther(this.context.baseUrl() + SUCCESS_PATH + query);
			}
			return reply.noStore()
				.header("Set-Cookie", AuthorizationEndpoint.SESSION_COOKIE
						+ "=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax");
		}));
	}

	HttpReply success() {
		return HttpReply.html(200, LogoutPages.success()).noStore();
	}
}
