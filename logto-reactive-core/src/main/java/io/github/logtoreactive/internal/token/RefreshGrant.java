package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.IdTokenVerificationException;
import io.github.logtoreactive.OrganizationAccessException;
import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.SessionExpiredException;
import io.github.logtoreactive.TokenEndpointException;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.SessionStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One refresh of a lane's tokens at the token endpoint ({@code grant_type=refresh_token}), and what its outcome means
 * for the session:
 * <ul>
 * <li>transient failures are retried ({@link TransientRetry});</li>
 * <li>{@code invalid_grant} ends the session ({@link SessionExpiredException}, the lane expires) unless the store holds
 * a newer refresh token (another request or instance refreshed meanwhile), which is then adopted and tried once;</li>
 * <li>403 on an organization token becomes {@link OrganizationAccessException} and leaves the session intact;</li>
 * <li>a response with an ID token of another identity is discarded whole (OIDC Core 12.2); one that fails
 * verification keeps the previous ID token.</li>
 * </ul>
 * Never blocks; a refresh is lazy and does its I/O on subscription.
 */
final class RefreshGrant {

	private static final Logger logger = LoggerFactory.getLogger(RefreshGrant.class);

	private final TokenEndpoint endpoint;

	private final IdTokenCheck idTokenCheck;

	private final TransientRetry retry;

	private final Clock clock;

	private final TokenFreshness freshness;

	private final RefreshCounters counters;

	RefreshGrant(TokenEndpoint endpoint, IdTokenCheck idTokenCheck, TransientRetry retry, Clock clock,
			TokenFreshness freshness, RefreshCounters counters) {
		this.endpoint = endpoint;
		this.idTokenCheck = idTokenCheck;
		this.retry = retry;
		this.clock = clock;
		this.freshness = freshness;
		this.counters = counters;
	}

	/**
	 * Refreshes {@code key} with the state's refresh token and records the result in the lane.
	 * @param lane the session's lane
	 * @param key the token wanted
	 * @param state the lane's state to refresh from (it holds a refresh token)
	 * @param binding where the request's session lives
	 * @param store the session store to recover from {@code invalid_grant} with, or {@code null}
	 * @return the lane's state after the refresh
	 */
	Mono<TokenState> refresh(RefreshLane lane, TokenKey key, TokenState state, SessionBinding binding,
			@Nullable SessionStore store) {
		return refresh(lane, key, state, binding, store, true);
	}

	private Mono<TokenState> refresh(RefreshLane lane, TokenKey key, TokenState state, SessionBinding binding,
			@Nullable SessionStore store, boolean mayRecover) {
		String refreshToken = Objects.requireNonNull(state.refreshToken());
		return this.retry
			.run(() -> this.endpoint.refresh(refreshToken, key.resource(), key.organizationId()),
					this.counters.refreshes::incrementAndGet)
			.flatMap(response -> record(lane, key, response))
			.onErrorResume(TokenEndpointException.class, ex -> {
				if ("invalid_grant".equals(ex.error())) {
					return recoverFromInvalidGrant(lane, key, refreshToken, binding, store, mayRecover, ex);
				}
				this.counters.failures.incrementAndGet();
				if (key.organizationId() != null && ex.status() == 403) {
					return Mono.error(new OrganizationAccessException(key.organizationId(), ex.status(), ex.error(),
							ex.errorDescription(), ex.logtoCode()));
				}
				return Mono.error(ex);
			})
			.doOnError(ex -> !(ex instanceof TokenEndpointException), ex -> this.counters.failures.incrementAndGet());
	}

	/**
	 * After {@code invalid_grant}: when the store holds a newer refresh token, adopts the stored session and refreshes
	 * with it once. The adopted session goes through the binding first, so that the binding's next write builds on
	 * the stored session: the refresh's result then replaces the refresh token it consumed, instead of losing to it
	 * in the binding's merge of a conflicting write (where the stored refresh token wins).
	 */
	private Mono<TokenState> recoverFromInvalidGrant(RefreshLane lane, TokenKey key, String usedRefreshToken,
			SessionBinding binding, @Nullable SessionStore store, boolean mayRecover, TokenEndpointException cause) {
		Mono<TokenState> expire = Mono.defer(() -> {
			this.counters.failures.incrementAndGet();
			lane.expire();
			logger.debug("Refresh refused with invalid_grant: session {} is over", lane.id());
			return Mono.error(new SessionExpiredException(cause.status(), cause.errorDescription(),
					cause.logtoCode()));
		});
		if (!mayRecover || store == null) {
			return expire;
		}
		return store.load(lane.id()).onErrorResume(ex -> Mono.empty()).flatMap(stored -> {
			String newer = stored.refreshToken();
			if (newer == null || newer.equals(usedRefreshToken)) {
				return Mono.<TokenState>empty();
			}
			TokenState adopted = lane.adopt(stored);
			this.counters.adoptions.incrementAndGet();
			if (this.freshness.isFresh(adopted.accessTokens().get(key))) {
				return Mono.just(adopted);
			}
			return binding.load()
				.flatMap(session -> binding.save(lane.merge(session, null)))
				.then(refresh(lane, key, adopted, binding, store, false));
		}).switchIfEmpty(expire);
	}

	private Mono<TokenState> record(RefreshLane lane, TokenKey key, TokenResponse response) {
		if (response.idToken() != null) {
			try {
				SessionIdentityCheck.requireSameIdentity(lane.state().idToken(), response.idToken());
			}
			catch (IdTokenVerificationException foreign) {
				// OIDC Core 12.2. The response is about another user (or issuer, or client): its access token and its
				// refresh token would belong to whoever its ID token names, so nothing of it is recorded, and this
				// session never holds another user's tokens. The session keeps its own ID, refresh and access tokens.
				// If Logto rotated the refresh token, the session's one is consumed now: a later refresh ends the
				// session with invalid_grant, the right end for a grant that answered for someone else.
				logger.warn("A refresh returned an ID token of another identity ({}); its tokens are discarded",
						foreign.reason().value());
				return Mono.error(foreign);
			}
		}
		Instant now = this.clock.instant();
		AccessToken token = new AccessToken(response.accessToken(), response.scope(), now,
				now.plusSeconds(response.expiresIn()));
		Mono<String> idToken = response.idToken() == null ? Mono.empty()
				: this.idTokenCheck.verify(response.idToken()).onErrorResume(ex -> {
					// Same identity, but the token does not verify (signature, expiry, ...). The refresh token has
					// been rotated already: keep it and the access token, keep the old ID token.
					logger.warn("ID token returned by a refresh failed verification ({}); keeping the previous one",
							ex.getMessage());
					return Mono.empty();
				});
		return idToken.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.map(verified -> lane.recordRefresh(key, token, response.refreshToken(), verified.orElse(null)));
	}
}
