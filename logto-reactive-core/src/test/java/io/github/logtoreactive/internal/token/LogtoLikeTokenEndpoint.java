package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.logtoreactive.TokenEndpointException;
import io.github.logtoreactive.TokenKey;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A token endpoint that behaves like Logto's refresh grant: it rotates the refresh token on every use, accepts a
 * consumed one for 3 s (sliding), and after that revokes the whole grant. Counts requests and refusals.
 */
final class LogtoLikeTokenEndpoint implements TokenEndpoint {

	private static final Duration REUSE_WINDOW = Duration.ofSeconds(3);

	private final Clock clock;

	private final Duration latency;

	private final Map<String, @Nullable Instant> refreshTokens = new ConcurrentHashMap<>();

	private final AtomicInteger counter = new AtomicInteger();

	final AtomicInteger requests = new AtomicInteger();

	final AtomicInteger invalidGrants = new AtomicInteger();

	final List<TokenKey> requestedKeys = new CopyOnWriteArrayList<>();

	final AtomicReference<@Nullable TokenEndpointException> nextFailure = new AtomicReference<>();

	volatile boolean revoked;

	volatile long expiresIn = 3600;

	/** The ID token every refresh returns, or {@code null} for none (Logto returns one when openid was granted). */
	volatile @Nullable String idToken;

	LogtoLikeTokenEndpoint(Clock clock, Duration latency, String initialRefreshToken) {
		this.clock = clock;
		this.latency = latency;
		this.refreshTokens.put(initialRefreshToken, Instant.MIN);
	}

	/**
	 * Issues the refresh token of another sign-in (another session), live until used.
	 * @param refreshToken the new grant's first refresh token
	 */
	void issue(String refreshToken) {
		this.refreshTokens.put(refreshToken, Instant.MIN);
	}

	@Override
	public Mono<TokenResponse> refresh(String refreshToken, @Nullable String resource, @Nullable String organizationId) {
		return Mono.delay(this.latency, Schedulers.parallel()).then(Mono.fromCallable(() -> {
			this.requests.incrementAndGet();
			this.requestedKeys.add(TokenKey.of(resource, organizationId));
			TokenEndpointException failure = this.nextFailure.getAndSet(null);
			if (failure != null) {
				throw failure;
			}
			return grant(refreshToken, resource, organizationId);
		}));
	}

	private synchronized TokenResponse grant(String refreshToken, @Nullable String resource,
			@Nullable String organizationId) {
		Instant now = this.clock.instant();
		if (this.revoked || !this.refreshTokens.containsKey(refreshToken)) {
			throw invalidGrant();
		}
		Instant consumedAt = this.refreshTokens.get(refreshToken);
		if (consumedAt != null && !consumedAt.equals(Instant.MIN) && now.isAfter(consumedAt.plus(REUSE_WINDOW))) {
			this.revoked = true;
			throw invalidGrant();
		}
		this.refreshTokens.put(refreshToken, now);
		String next = "rt-" + this.counter.incrementAndGet();
		this.refreshTokens.put(next, Instant.MIN);
		String aud = resource != null ? resource : organizationId != null ? "urn:logto:organization:" + organizationId : "userinfo";
		String accessToken = resource == null && organizationId == null ? "opaque-" + this.counter.get()
				: "h." + aud + "-" + this.counter.get() + ".s";
		return new TokenResponse(accessToken, next, this.idToken, "", this.expiresIn, "Bearer");
	}

	private TokenEndpointException invalidGrant() {
		this.invalidGrants.incrementAndGet();
		return new TokenEndpointException(400, "invalid_grant", "grant request is invalid", "oidc.invalid_grant", null);
	}

	boolean isLive(String refreshToken) {
		Instant consumed = this.refreshTokens.get(refreshToken);
		return !this.revoked && consumed != null && consumed.equals(Instant.MIN);
	}

	@Override
	public Mono<TokenResponse> exchangeAuthorizationCode(String code, String codeVerifier, String redirectUri) {
		return Mono.error(new UnsupportedOperationException("not used by these tests"));
	}

	@Override
	public Mono<TokenResponse> clientCredentials(String clientId, String clientSecret, @Nullable String resource,
			@Nullable String organizationId, @Nullable String scope) {
		return Mono.error(new UnsupportedOperationException("not used by these tests"));
	}

	@Override
	public Mono<Void> revoke(String token, String tokenTypeHint) {
		return Mono.error(new UnsupportedOperationException("not used by these tests"));
	}
}
