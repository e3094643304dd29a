package io.github.logtoreactive.test.internal;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * Everything the server issued or keeps for browsers, in concurrent maps keyed by value or id. Revoking a grant
 * removes every code, refresh token and opaque access token of it, as oidc-provider's {@code revoke()} does.
 */
final class ServerState {

	final ConcurrentMap<String, Grant> grants = new ConcurrentHashMap<>();
	final ConcurrentMap<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
	final ConcurrentMap<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
	final ConcurrentMap<String, OpaqueAccessToken> accessTokens = new ConcurrentHashMap<>();
	final ConcurrentMap<String, BrowserSession> sessions = new ConcurrentHashMap<>();
	final ConcurrentMap<String, Interaction> interactions = new ConcurrentHashMap<>();
	final ConcurrentMap<String, PendingLogout> pendingLogouts = new ConcurrentHashMap<>();

	void revokeGrant(String grantId) {
		this.grants.remove(grantId);
		this.codes.values().removeIf((code) -> code.grantId.equals(grantId));
		this.refreshTokens.values().removeIf((token) -> token.grantId.equals(grantId));
		this.accessTokens.values().removeIf((token) -> token.grantId().equals(grantId));
	}

	List<Grant> grantsOfSession(String sessionUid) {
		return this.grants.values()
			.stream()
			.filter((grant) -> sessionUid.equals(grant.sessionUid()))
			.collect(Collectors.toList());
	}

	void clear() {
		this.grants.clear();
		this.codes.clear();
		this.refreshTokens.clear();
		this.accessTokens.clear();
		this.sessions.clear();
		this.interactions.clear();
		this.pendingLogouts.clear();
	}
}
