package io.github.logtoreactive.test.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A refresh token. Once rotated it is "consumed" but, as in Logto, still accepted for 3 seconds after its last
 * use; {@link #consumedAt} is guarded by this object's monitor (held for a few field reads only).
 */
final class RefreshToken {

	/** Logto's hard-coded {@code refreshTokenReuseInterval}. */
	static final Duration REUSE_INTERVAL = Duration.ofSeconds(3);

	final String value;
	final String grantId;
	final String clientId;
	final String userId;
	final String sessionUid;
	final List<String> scopes;
	final Instant issuedAt;
	final Instant expiresAt;
	final int rotations;
	private Instant consumedAt;

	RefreshToken(String value, Grant grant, List<String> scopes, Instant issuedAt, Instant expiresAt, int rotations) {
		this.value = value;
		this.grantId = grant.id();
		this.clientId = grant.clientId();
		this.userId = grant.userId();
		this.sessionUid = grant.sessionUid();
		this.scopes = scopes;
		this.issuedAt = issuedAt;
		this.expiresAt = expiresAt;
		this.rotations = rotations;
	}

	/** @return whether the token was consumed more than 3 seconds ago, i.e. its use is a replay */
	synchronized boolean isReplayed(Instant now) {
		return this.consumedAt != null && now.isAfter(this.consumedAt.plus(REUSE_INTERVAL));
	}

	synchronized boolean isConsumed() {
		return this.consumedAt != null;
	}

	/** Marks the token consumed now; a use inside the reuse window restarts the window. */
	synchronized void consume(Instant now) {
		this.consumedAt = now;
	}

	/** @return whether at least 70% of the lifetime has passed (oidc-provider's {@code ttlPercentagePassed() >= 70}) */
	boolean seventyPercentPassed(Instant now) {
		long lifetime = Duration.between(this.issuedAt, this.expiresAt).toMillis();
		long passed = Duration.between(this.issuedAt, now).toMillis();
		return lifetime <= 0 || passed * 100 >= lifetime * 70;
	}
}
