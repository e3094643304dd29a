package io.github.logtoreactive.test.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A one-time authorization code (60 s). Reusing a consumed code revokes its grant. */
final class AuthorizationCode {

	final String value;
	final String grantId;
	final String clientId;
	final String redirectUri;
	final String codeChallenge;
	final String nonce;
	final List<String> scopes;
	final String sessionUid;
	final Instant expiresAt;
	final AtomicBoolean consumed = new AtomicBoolean();

	AuthorizationCode(String value, Grant grant, AuthorizationRequest request, Instant expiresAt) {
		this.value = value;
		this.grantId = grant.id();
		this.clientId = grant.clientId();
		this.redirectUri = request.redirectUri();
		this.codeChallenge = request.codeChallenge();
		this.nonce = request.nonce();
		this.scopes = request.scopes();
		this.sessionUid = grant.sessionUid();
		this.expiresAt = expiresAt;
	}
}
