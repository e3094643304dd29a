package io.github.logtoreactive.internal.token;

import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

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

	/** Stands for "no session" ({@code load()} completed empty): nobody is signed in, as in a session without tokens. */
	private static final LogtoSession NO_SESSION = LogtoSession.create("none", Instant.EPOCH);

	/** Errors with a new {@link NotAuthenticatedException} for each subscriber; emits nothing, so fits any type. */
	private static final Mono<Object> NOT_SIGNED_IN = Mono
		.error(() -> new NotAuthenticatedException("ID token not found: sign in first"));

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
	 * Whether a user is signed in: the session holds an ID token and, once that ID token expired (or is older than
	 * {@link LogtoConfig#revalidateAfter()}), one refresh shared by the session's concurrent requests confirmed that
	 * Logto still honours the grant.
	 * @param binding the session
	 * @param store the store the session lives in, or {@code null}
	 * @return whether a user is signed in; {@code false} when Logto refused the grant (the session's tokens are
	 * cleared). Errors: the transient errors of a refresh ({@code TokenEndpointException},
	 * {@code LogtoTransportException}; the session is kept), {@code SessionStoreException}
	 */
	public Mono<Boolean> isAuthenticated(SessionBinding binding, @Nullable SessionStore store) {
		return live(binding, store).hasElement();
	}

	/**
	 * Decides {@link #isAuthenticated} on the calling thread when no I/O is needed: the session is read without I/O
	 * ({@link ImmediateSessionBinding}), and it is either signed out, or signed in with no revalidation due and no
	 * newer tokens of the coordinator to adopt.
	 * @param binding the session
	 * @return what {@link #isAuthenticated} would answer, or {@code null} when deciding needs I/O: then subscribe to
	 * {@link #isAuthenticated}
	 */
	public @Nullable Boolean isAuthenticatedNow(SessionBinding binding) {
		if (!(binding instanceof ImmediateSessionBinding immediate) || !immediate.readNow()) {
			return null;
		}
		LogtoSession session = immediate.current();
		if (session == null || !session.isAuthenticated()) {
			return Boolean.FALSE;
		}
		return this.coordinator.isLiveNow(session) ? Boolean.TRUE : null;
	}

	/**
	 * @param binding the session
	 * @param store the store the session lives in, or {@code null}
	 * @return the signed-in session, revalidated when due; empty when nobody is signed in or Logto refused the grant
	 */
	private Mono<LogtoSession> live(SessionBinding binding, @Nullable SessionStore store) {
		return binding.load()
			.filter(LogtoSession::isAuthenticated)
			.flatMap(session -> this.coordinator.revalidate(session, binding, store)
				.onErrorResume(SessionExpiredException.class, ex -> Mono.empty()))
			.filter(LogtoSession::isAuthenticated);
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
		TokenKey key = TokenKey.of(resource, organizationId);
		if (key.organizationId() != null && !this.config.scopes().contains(UserScope.ORGANIZATIONS)) {
			return Mono.error(() -> new MissingScopeException(UserScope.ORGANIZATIONS));
		}
		return Mono.defer(new TokenCall(binding, store, key, force));
	}

	/**
	 * One {@code getAccessToken} call: reads the session when subscribed ({@link Mono#defer}), then answers the token
	 * ({@link Mono#flatMap}); one object for both, and two light operators on the cache hit, what every request
	 * reading a token pays.
	 */
	private final class TokenCall implements Supplier<Mono<String>>, Function<LogtoSession, Mono<String>> {

		private final SessionBinding binding;

		private final @Nullable SessionStore store;

		private final TokenKey key;

		private final boolean force;

		TokenCall(SessionBinding binding, @Nullable SessionStore store, TokenKey key, boolean force) {
			this.binding = binding;
			this.store = store;
			this.key = key;
			this.force = force;
		}

		@Override
		public Mono<String> get() {
			return this.binding.load().defaultIfEmpty(NO_SESSION).flatMap(this);
		}

		@Override
		public Mono<String> apply(LogtoSession session) {
			return session.isAuthenticated()
					? TokenFlow.this.coordinator.accessToken(session, this.key, this.force, this.binding, this.store)
					: notSignedIn();
		}
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
		return live(binding, store).flatMap(initial -> {
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

	@SuppressWarnings("unchecked")
	private static <T> Mono<T> notSignedIn() {
		return (Mono<T>) NOT_SIGNED_IN;
	}

	private static Mono<LogtoSession> signedIn(SessionBinding binding) {
		return binding.load().filter(LogtoSession::isAuthenticated).switchIfEmpty(notSignedIn());
	}
}
