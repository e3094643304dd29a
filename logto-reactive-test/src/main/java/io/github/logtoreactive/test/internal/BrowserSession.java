package io.github.logtoreactive.test.internal;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server-side browser session behind the {@code _session} cookie: who signed in and which clients got a
 * grant through it (they receive back-channel logout when it ends).
 */
final class BrowserSession {

	final String id;
	final String uid;
	final String userId;
	final Instant loginAt;
	final Instant expiresAt;
	final Set<String> clientIds = ConcurrentHashMap.newKeySet();

	BrowserSession(String id, String uid, String userId, Instant loginAt, Instant expiresAt) {
		this.id = id;
		this.uid = uid;
		this.userId = userId;
		this.loginAt = loginAt;
		this.expiresAt = expiresAt;
	}
}
