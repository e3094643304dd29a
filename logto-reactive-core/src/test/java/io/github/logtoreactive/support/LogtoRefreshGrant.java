package io.github.logtoreactive.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Logto's refresh-token grant, written once for the tests' fake token endpoints ({@link RotatingTokenHandler} over
 * HTTP, {@code LogtoLikeTokenEndpoint} in process), as logto-server.md describes it: every use rotates the refresh
 * token; a consumed one is accepted again within 3 s of its last use (the window slides); later, its use revokes the
 * whole grant, the newest token included. Thread-safe.
 */
public final class LogtoRefreshGrant {

	/** Logto's hard-coded reuse interval. */
	public static final Duration REUSE_WINDOW = Duration.ofSeconds(3);

	private static final Instant LIVE = Instant.MIN;

	private final Clock clock;

	private final Supplier<String> newToken;

	/** Each refresh token of the grant: {@link #LIVE}, or when it was last used. */
	private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

	public final AtomicInteger invalidGrants = new AtomicInteger();

	public volatile boolean revoked;

	/**
	 * @param clock Logto's clock
	 * @param newToken makes the value of each new refresh token
	 */
	public LogtoRefreshGrant(Clock clock, Supplier<String> newToken) {
		this.clock = clock;
		this.newToken = newToken;
	}

	/** @return a new live refresh token of the grant */
	public String issue() {
		String token = this.newToken.get();
		this.tokens.put(token, LIVE);
		return token;
	}

	/** @param token a value to issue as a live refresh token */
	public void issue(String token) {
		this.tokens.put(token, LIVE);
	}

	/**
	 * Logto's checks of a presented refresh token, before anything else of the request is looked at.
	 * @param presented the refresh token
	 * @return whether it may be redeemed; {@code false} means {@code invalid_grant} (counted), and for a consumed
	 * token past the reuse window the grant is revoked
	 */
	public synchronized boolean redeemable(@Nullable String presented) {
		Instant usedAt = presented == null ? null : this.tokens.get(presented);
		if (this.revoked || usedAt == null) {
			this.invalidGrants.incrementAndGet();
			return false;
		}
		if (!LIVE.equals(usedAt) && this.clock.instant().isAfter(usedAt.plus(REUSE_WINDOW))) {
			this.revoked = true;
			this.invalidGrants.incrementAndGet();
			return false;
		}
		return true;
	}

	/**
	 * Redeems a refresh token {@link #redeemable} accepted.
	 * @param presented the refresh token
	 * @return the new refresh token
	 */
	public synchronized String rotate(String presented) {
		this.tokens.put(presented, this.clock.instant());
		return issue();
	}

	/** @return whether the token can still be used without relying on the reuse window */
	public boolean isLive(@Nullable String refreshToken) {
		return refreshToken != null && !this.revoked && LIVE.equals(this.tokens.get(refreshToken));
	}
}
