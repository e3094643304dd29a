package io.github.logtoreactive;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A cached access token with its scope and lifetime. Immutable; {@link #toString()} never shows the token.
 */
public final class AccessToken {

	private static final int NANOS_PER_SECOND = 1_000_000_000;

	private final String token;

	private final @Nullable String scope;

	private final Instant issuedAt;

	private final Instant expiresAt;

	/**
	 * @param token the token value
	 * @param scope the granted scope as Logto returned it (may be empty), or {@code null}
	 * @param issuedAt when the token was requested (local clock); kept to the second, like {@code expires_in}
	 * @param expiresAt {@code issuedAt + expires_in}; kept to the second (rounded down, never later)
	 */
	public AccessToken(String token, @Nullable String scope, Instant issuedAt, Instant expiresAt) {
		this.token = Objects.requireNonNull(token, "token");
		this.scope = scope;
		this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt").truncatedTo(ChronoUnit.SECONDS);
		this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").truncatedTo(ChronoUnit.SECONDS);
	}

	/**
	 * @return the token value
	 */
	public String token() {
		return this.token;
	}

	/**
	 * @return the granted scope, possibly empty, or {@code null} when Logto sent none
	 */
	public @Nullable String scope() {
		return this.scope;
	}

	/**
	 * @return when the token was requested
	 */
	public Instant issuedAt() {
		return this.issuedAt;
	}

	/**
	 * @return when the token expires
	 */
	public Instant expiresAt() {
		return this.expiresAt;
	}

	/**
	 * @return the token's whole lifetime
	 */
	public Duration lifetime() {
		return Duration.between(this.issuedAt, this.expiresAt);
	}

	/**
	 * @return whether the token is a JWT (Logto's resource and organization tokens) rather than opaque
	 */
	public boolean isJwt() {
		int first = this.token.indexOf('.');
		return first > 0 && this.token.indexOf('.', first + 1) > first;
	}

	/**
	 * Whether the token must be refreshed at {@code now}: it is expired, or within {@code skew} of expiry, where the
	 * skew is capped at half the token's own lifetime (so a short-lived token is not refreshed on every use).
	 * @param now the current time
	 * @param skew the configured refresh skew
	 * @return whether to refresh
	 */
	public boolean needsRefresh(Instant now, Duration skew) {
		// refresh when remaining <= min(skew, lifetime / 2), i.e. remaining <= skew and 2 * remaining <= lifetime;
		// in seconds and nanoseconds, so that the check on every cache hit allocates nothing
		long remainingSeconds = this.expiresAt.getEpochSecond() - now.getEpochSecond();
		int remainingNanos = 0;
		if (now.getNano() > 0) {
			remainingSeconds--;
			remainingNanos = NANOS_PER_SECOND - now.getNano();
		}
		boolean withinSkew = remainingSeconds < skew.getSeconds()
				|| (remainingSeconds == skew.getSeconds() && remainingNanos <= skew.getNano());
		long twiceSeconds = 2 * remainingSeconds + ((remainingNanos >= NANOS_PER_SECOND / 2) ? 1 : 0);
		int twiceNanos = (2 * remainingNanos) % NANOS_PER_SECOND;
		long lifetimeSeconds = this.expiresAt.getEpochSecond() - this.issuedAt.getEpochSecond();
		boolean withinHalfLifetime = twiceSeconds < lifetimeSeconds
				|| (twiceSeconds == lifetimeSeconds && twiceNanos == 0);
		return withinSkew && withinHalfLifetime;
	}

	/**
	 * @param now the current time
	 * @return whether the token is expired (never use it then)
	 */
	public boolean isExpired(Instant now) {
		return !now.isBefore(this.expiresAt);
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof AccessToken other && this.token.equals(other.token)
				&& Objects.equals(this.scope, other.scope) && this.issuedAt.equals(other.issuedAt)
				&& this.expiresAt.equals(other.expiresAt);
	}

	@Override
	public int hashCode() {
		return this.token.hashCode();
	}

	@Override
	public String toString() {
		return "AccessToken{scope=" + this.scope + ", expiresAt=" + this.expiresAt + ", token=****}";
	}
}
