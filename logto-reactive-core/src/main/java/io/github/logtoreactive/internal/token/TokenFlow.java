package io.github.logtoreactive.internal.token;

import java.net.URI;
import java.text.ParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.nimbusds.jwt.JWTParser;
import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.AccessTokenClaims;
import io.github.logtoreactive.ContextOptions;
import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.InvalidResponseException;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoContext;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.MissingScopeException;
import io.github.logtoreactive.NotAuthenticatedException;
import io.github.logtoreactive.OpaqueTokenException;
import io.github.logtoreactive.OrganizationTokenResult;
import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.SessionExpiredException;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.UserInfo;
import io.github.logtoreactive.UserInfoException;
import io.github.logtoreactive.UserScope;
import io.github.logtoreactive.internal.discovery.DiscoveryCache;
import io.github.logtoreactive.internal.http.LogtoHttp;
import io.github.logtoreactive.internal.jwt.IdTokenVerifier;
import io.github.logtoreactive.store.SessionStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Everything a signed-in session does after the callback: access tokens per resource and organization, their claims,
 * user info, the context of a request, sign-out and clearing tokens. Stateless and shared by an engine's clients; the
 * session comes from the {@link SessionBinding} of each call. Never blocks.
 * <p>
 * Public only because {@code EngineComponents} builds it.
 */
public final class TokenFlow {

	private static final Logger logger = LoggerFactory.getLogger(TokenFlow.class);

	private final LogtoConfig config;

	private final RefreshCoordinator coordinator;

	private final TokenEndpoint tokenEndpoint;

	private final UserInfoEndpoint userInfoEndpoint;

	private final DiscoveryCache discovery;

	/**
	 * @param config the configuration
	 * @param coordinator the refresh coordinator
	 * @param tokenEndpoint the token endpoint (for revocation)
	 * @param userInfoEndpoint the user-info endpoint
	 * @param discovery the discovery cache (for the end-session endpoint)
	 */
	public TokenFlow(LogtoConfig config, RefreshCoordinator coordinator, TokenEndpoint tokenEndpoint,
			UserInfoEndpoint userInfoEndpoint, DiscoveryCache discovery) {
		this.config = config;
		this.coordinator = coordinator;
		this.tokenEndpoint = tokenEndpoint;
		this.userInfoEndpoint = userInfoEndpoint;
		this.discovery = discovery;
	}

	/**
	 * @param binding the session
	 * @param store the store the session lives in, or {@code null}
	 * @param resource the API resource, or {@code null}
	 * @param organizationId the organization, or {@code null}
	 * @param force refresh even when the cached token is fresh
	 * @return a token that is not expired
	 */
	public Mono<String> getAccessToken(SessionBinding binding, @Nullable SessionStore store, @Nullable String resource,
			@Nullable String organizationId, boolean force) {
		return Mono.defer(() -> {
			TokenKey key = TokenKey.of(resource, organizationId);
			if (key.organizationId() != null && !this.config.scopes().contains(UserScope.ORGANIZATIONS)) {
				return Mono.error(new MissingScopeException(UserScope.ORGANIZATIONS));
			}
			return signedIn(binding).flatMap(session -> this.coordinator
				.obtain(session, key, force, binding, store)
				.flatMap(updated -> usable(updated, key)));
		});
	}

	private Mono<String> usable(LogtoSession session, TokenKey key) {
		if (!session.isAuthenticated()) {
			// The binding refused to keep the tokens: the session was deleted meanwhile (signed out elsewhere).
			return Mono.error(new NotAuthenticatedException("the session was signed out while its token was obtained"));
		}
		AccessToken token = session.accessToken(key);
		if (token == null) {
			return Mono.error(new InvalidResponseException("the token endpoint returned no usable access token", null));
		}
		return Mono.just(token.token());
	}

	/**
	 * @param binding the session
	 * @param store the store the session lives in, or {@code null}
	 * @param resource the API resource, or {@code null}
	 * @param organizationId the organization, or {@code null}
	 * @return the claims of that (JWT) access token
	 */
	public Mono<AccessTokenClaims> getAccessTokenClaims(SessionBinding binding, @Nullable SessionStore store,
			@Nullable String resource, @Nullable String organizationId) {
		return getAccessToken(binding, store, resource, organizationId, false).map(TokenFlow::decodeAccessToken);
	}

	/**
	 * @param token an access token
	 * @return its claims, decoded without verification
	 * @throws OpaqueTokenException when the token is not a JWT
	 */
	public static AccessTokenClaims decodeAccessToken(String token) {
		try {
			return new AccessTokenClaims(JWTParser.parse(token).getJWTClaimsSet().toJSONObject());
		}
		catch (ParseException | IllegalArgumentException ex) {
			throw new OpaqueTokenException(
					"the access token is opaque (Logto issues opaque tokens when no API resource is named): "
							+ "ask for a resource or organization token to get claims");
		}
	}

	/**
	 * @param binding the session
	 * @param store the store the session lives in, or {@code null}
	 * @return one result per organization in the ID token's {@code organizations} claim
	 */
	public Flux<OrganizationTokenResult> getOrganizationTokens(SessionBinding binding, @Nullable SessionStore store) {
		return Flux.defer(() -> {
			if (!this.config.scopes().contains(UserScope.ORGANIZATIONS)) {
				return Flux.error(new MissingScopeException(UserScope.ORGANIZATIONS));
			}
			return signedIn(binding).flatMapMany(session -> Flux
				.fromIterable(IdTokenVerifier.decode(Objects.requireNonNull(session.idToken())).organizations())
				.concatMap(organizationId -> getAccessToken(binding, store, null, organizationId, false)
					.map(token -> OrganizationTokenResult.success(organizationId, token))
					.onErrorResume(LogtoException.class,
							ex -> Mono.just(OrganizationTokenResult.failure(organizationId, ex)))));
		});
	}

	/**
	 * Calls the user-info endpoint with the default token; on 401 the token is refreshed once and the call retried.
	 * User info whose {@code sub} is not the session's is refused ({@link UserInfoException}).
	 * @param binding the session
	 * @param store the store the session lives in, or {@code null}
	 * @return the user info
	 */
	public Mono<UserInfo> fetchUserInfo(SessionBinding binding, @Nullable SessionStore store) {
		return signedIn(binding).flatMap(session -> {
			String subject = IdTokenVerifier.decode(Objects.requireNonNull(session.idToken())).sub();
			return getAccessToken(binding, store, null, null, false)
				.flatMap(token -> this.userInfoEndpoint.fetch(token, subject))
				.onErrorResume(UserInfoException.class, ex -> ex.status() == 401
						? getAccessToken(binding, store, null, null, true)
							.flatMap(token -> this.userInfoEndpoint.fetch(token, subject))
						: Mono.error(ex));
		});
	}

	/**
	 * @param binding the session
	 * @param store the store the session lives in, or {@code null}
	 * @param options what to gather
	 * @return the context; unauthenticated when there is no user or the session expired while gathering
	 */
	public Mono<LogtoContext> getContext(SessionBinding binding, @Nullable SessionStore store,
			ContextOptions options) {
		return binding.load().filter(LogtoSession::isAuthenticated).flatMap(initial -> {
			Mono<Optional<String>> accessToken = options.getAccessToken()
					? getAccessToken(binding, store, options.resource(), options.organizationId(), false)
						.map(Optional::of)
					: Mono.just(Optional.empty());
			return accessToken.flatMap(token -> {
				Mono<List<OrganizationTokenResult>> organizationTokens = options.getOrganizationTokens()
						? getOrganizationTokens(binding, store).collectList() : Mono.just(List.of());
				return organizationTokens.flatMap(orgTokens -> {
					Mono<Optional<UserInfo>> userInfo = options.fetchUserInfo()
							? fetchUserInfo(binding, store).map(Optional::of) : Mono.just(Optional.empty());
					return userInfo.flatMap(info -> binding.load().map(session -> context(session, token.orElse(null),
							options, orgTokens, info.orElse(null))));
				});
			});
		})
			.onErrorResume(SessionExpiredException.class, ex -> Mono.just(LogtoContext.unauthenticated()))
			.defaultIfEmpty(LogtoContext.unauthenticated());
	}

	private LogtoContext context(LogtoSession session, @Nullable String accessToken, ContextOptions options,
			List<OrganizationTokenResult> organizationTokens, @Nullable UserInfo userInfo) {
		if (!session.isAuthenticated()) {
			return LogtoContext.unauthenticated();
		}
		IdTokenClaims claims = IdTokenVerifier.decode(Objects.requireNonNull(session.idToken()));
		AccessTokenClaims accessTokenClaims = null;
		if (accessToken != null && isJwt(accessToken)) {
			accessTokenClaims = decodeAccessToken(accessToken);
		}
		AccessToken scoped = session.accessToken(TokenKey.of(options.resource(), options.organizationId()));
		if (scoped == null) {
			scoped = session.accessToken(TokenKey.DEFAULT);
		}
		List<String> scopes = scoped == null || scoped.scope() == null || scoped.scope().isBlank() ? List.of()
				: Arrays.asList(scoped.scope().trim().split("\\s+"));
		return LogtoContext.authenticated(claims, userInfo, accessToken, accessTokenClaims, organizationTokens,
				scopes);
	}

	private static boolean isJwt(String token) {
		return token.chars().filter(c -> c == '.').count() == 2;
	}

	/**
	 * Revokes the refresh token (failures are logged, sign-out still completes), deletes the session, and builds the
	 * end-session URL.
	 * @param binding the session
	 * @param postLogoutRedirectUri where Logto sends the user afterwards (must be registered), or {@code null}
	 * @return the URL to send the browser to; when Logto's discovery is unreachable, the post-logout URI itself
	 */
	public Mono<String> signOut(SessionBinding binding, @Nullable String postLogoutRedirectUri) {
		return binding.load().map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(found -> {
			LogtoSession session = found.orElse(null);
			Mono<Void> revoke = session == null || session.refreshToken() == null ? Mono.empty()
					: this.tokenEndpoint.revoke(session.refreshToken(), "refresh_token").onErrorResume(ex -> {
						logger.warn("Revoking the refresh token at sign-out failed ({}); the session is cleared anyway",
								ex instanceof LogtoException logto ? logto.code() : ex.getClass().getSimpleName());
						return Mono.empty();
					});
			Mono<Void> clear = binding.delete().then(Mono.fromRunnable(() -> {
				if (session != null) {
					this.coordinator.forget(session.id());
				}
			}));
			return revoke.then(clear)
				.then(endSessionUrl(session == null ? null : session.idToken(), postLogoutRedirectUri));
		});
	}

	private Mono<String> endSessionUrl(@Nullable String idToken, @Nullable String postLogoutRedirectUri) {
		return this.discovery.get().map(metadata -> {
			URI endpoint = metadata.endSessionEndpoint();
			if (endpoint == null) {
				throw new InvalidResponseException("discovery names no end_session_endpoint", null);
			}
			Map<String, String> query = new LinkedHashMap<>();
			if (idToken != null) {
				query.put("id_token_hint", idToken);
			}
			query.put("client_id", this.config.appId());
			if (postLogoutRedirectUri != null) {
				query.put("post_logout_redirect_uri", postLogoutRedirectUri);
			}
			String base = endpoint.toString();
			return base + (base.contains("?") ? "&" : "?") + LogtoHttp.encodeForm(query);
		}).onErrorResume(ex -> {
			if (postLogoutRedirectUri == null) {
				return Mono.error(ex);
			}
			logger.warn("Logto's end-session endpoint is unknown ({}); signed out locally only",
					ex instanceof LogtoException logto ? logto.code() : ex.getClass().getSimpleName());
			return Mono.just(postLogoutRedirectUri);
		});
	}

	/**
	 * @param binding the session
	 * @return completion once the access tokens are removed (ID and refresh tokens kept)
	 */
	public Mono<Void> clearAccessTokens(SessionBinding binding) {
		return binding.load().flatMap(session -> binding.save(session.withoutAccessTokens())).then();
	}

	/**
	 * @param binding the session
	 * @return completion once every token is removed
	 */
	public Mono<Void> clearAllTokens(SessionBinding binding) {
		return binding.load().flatMap(session -> binding.save(session.withoutTokens())).then();
	}

	private static Mono<LogtoSession> signedIn(SessionBinding binding) {
		return binding.load()
			.filter(LogtoSession::isAuthenticated)
			.switchIfEmpty(Mono.error(() -> new NotAuthenticatedException("ID token not found: sign in first")));
	}
}
