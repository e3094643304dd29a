package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.time.Duration;

import io.github.logtoreactive.AccessToken;
import org.jspecify.annotations.Nullable;

/**
 * Whether a cached access token can still be used, on the engine's clock: it is present and outside the refresh skew
 * ({@link AccessToken#needsRefresh}).
 *
 * @param clock the engine's clock
 * @param skew how long before its expiry a token is refreshed
 */
record TokenFreshness(Clock clock, Duration skew) {

	/**
	 * @param token a cached token, or {@code null} when there is none
	 * @return whether it can be used without a refresh
	 */
	boolean isFresh(@Nullable AccessToken token) {
		return token != null && !token.needsRefresh(this.clock.instant(), this.skew);
	}
}
