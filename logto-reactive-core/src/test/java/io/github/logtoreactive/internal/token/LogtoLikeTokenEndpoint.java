package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.logtoreactive.TokenEndpointException;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.support.LogtoRefreshGrant;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A token endpoint in process that behaves like Logto's refresh grant ({@link LogtoRefreshGrant}: rotation, the 3 s
 * reuse window, revocation). Counts requests and refusals.
 */
final class LogtoLikeTokenEndpoint implements TokenEndpoint {

	private final Duration latency;

	private final AtomicInteger counter = new AtomicInteger();

	private final LogtoRefreshGrant grant;

	final AtomicInteger requests = new AtomicInteger();

	final AtomicInteger invalidGrants;

	final List<TokenKey> requestedKeys = new CopyOnWriteArrayList<>();

	final AtomicReference<@Nullable TokenEndpointException> nextFailure = new AtomicReference<>();

	volatile long expiresIn = 3600;

	/** The ID token every refresh returns, or {@code null} for none (Logto returns one when openid was granted). */
	volatile @Nullable String idToken;

	LogtoLikeTokenEndpoint(Clock clock, Duration latency, String initialRefreshToken) {
		this.latency = latency;
		this.grant = new LogtoRefreshGrant(clock, () -> "rt-" + this.counter.incrementAndGet());
		this.grant.issue(initialRefreshToken);
		this.invalidGrants = this.grant.invalidGrants;
	}

	/**
	 * Issues the refresh token of another sign-in (another session), live until used.
	 * @param refreshToken the new grant's first refresh token
	 */
	void issue(String refreshToken) {
		this.grant.issue(refreshToken);
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
		if (!this.grant.redeemable(refreshToken)) {
			throw new TokenEndpointException(400, "invalid_grant", "grant request is invalid", "oidc.invalid_grant",
					null);
		}
		String next = this.grant.rotate(refreshToken);
		String aud = resource != null ? resource : organizationId != null ? "urn:logto:organization:" + organizationId : "userinfo";
		String accessToken = resource == null && organizationId == null ? "opaque-" + this.counter.get()
				: "h." + aud + "-" + this.counter.get() + ".s";
		return new TokenResponse(accessToken, next, this.idToken, "", this.expiresIn, "Bearer");
	}

	boolean isLive(String refreshToken) {
		return this.grant.isLive(refreshToken);
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
