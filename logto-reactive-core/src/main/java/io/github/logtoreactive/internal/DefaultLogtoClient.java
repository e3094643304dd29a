package io.github.logtoreactive.internal;

import java.time.Instant;
import java.util.Objects;
import java.util.function.BiConsumer;

import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.NotAuthenticatedException;
import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.SignInOptions;
import io.github.logtoreactive.SignInRequest;
import io.github.logtoreactive.SignInResult;
import io.github.logtoreactive.internal.jwt.IdTokenVerifier;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.AccessTokenClaims;
import io.github.logtoreactive.ContextOptions;
import io.github.logtoreactive.LogtoContext;
import io.github.logtoreactive.OrganizationTokenResult;
import io.github.logtoreactive.UserInfo;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

/**
 * The {@link LogtoClient} of one user agent: a thin façade that hands each call, with its {@link SessionBinding}, to
 * the engine's shared components. Cheap to create; holds no state of its own.
 * <p>
 * Public only because {@code LogtoEngine} and the web package's {@code RequestSessions} create it.
 */
public final class DefaultLogtoClient implements LogtoClient {

	/** Errors with a new {@link NotAuthenticatedException} for each subscriber; emits nothing, so fits any type. */
	private static final Mono<Object> NOT_SIGNED_IN = Mono
		.error(() -> new NotAuthenticatedException("no user is signed in (no ID token)"));

	/** Stands for "no session" ({@code load()} completed empty): nobody is signed in, as in a session without tokens. */
	private static final LogtoSession NO_SESSION = LogtoSession.create("none", Instant.EPOCH);

	/** The claims of a signed-in session's ID token (decoded from the verifier's memory), else not authenticated. */
	private static final BiConsumer<LogtoSession, SynchronousSink<IdTokenClaims>> CLAIMS = (session, sink) -> {
		String idToken = session.idToken();
		if (idToken == null) {
			sink.error(new NotAuthenticatedException("no user is signed in (no ID token)"));
		}
		else {
			sink.next(IdTokenVerifier.decode(idToken));
		}
	};

	private final EngineComponents components;

	private final SessionBinding binding;

	private final @Nullable SessionStore store;

	/**
	 * @param components the engine's components
	 * @param binding the user agent's session
	 * @param store the store the session lives in (for {@code invalid_grant} recovery and cluster-wide refresh
	 * leases), or {@code null} when it lives elsewhere (a cookie)
	 */
	public DefaultLogtoClient(EngineComponents components, SessionBinding binding, @Nullable SessionStore store) {
		this.components = Objects.requireNonNull(components, "components");
		this.binding = Objects.requireNonNull(binding, "binding");
		this.store = store;
	}

	/**
	 * @return the engine's components
	 */
	public EngineComponents components() {
		return this.components;
	}

	/**
	 * @return the user agent's session binding
	 */
	public SessionBinding binding() {
		return this.binding;
	}

	@Override
	public Mono<SignInRequest> signIn(SignInOptions options) {
		return this.components.signInFlow().signIn(this.binding, options);
	}

	@Override
	public Mono<SignInResult> handleSignInCallback(String callbackUri) {
		return this.components.signInFlow().handleSignInCallback(this.binding, callbackUri);
	}

	@Override
	public Mono<Boolean> isAuthenticated() {
		return this.components.tokenFlow().isAuthenticated(this.binding, this.store);
	}

	/**
	 * @return what {@link #isAuthenticated()} would answer, decided on the calling thread, or {@code null} when
	 * deciding needs I/O (a store, a record of ended sessions elsewhere, a revalidation with Logto)
	 */
	public @Nullable Boolean isAuthenticatedNow() {
		return this.components.tokenFlow().isAuthenticatedNow(this.binding);
	}

	@Override
	public Mono<String> getIdToken() {
		return signedIn().map(session -> Objects.requireNonNull(session.idToken()));
	}

	@Override
	public Mono<IdTokenClaims> getIdTokenClaims() {
		// two light operators, no lambda per call: what every request reading the user's claims pays
		return this.binding.load().defaultIfEmpty(NO_SESSION).handle(CLAIMS);
	}

	@Override
	public Mono<String> getRefreshToken() {
		return signedIn().flatMap(session -> Mono.justOrEmpty(session.refreshToken()));
	}

	private Mono<LogtoSession> signedIn() {
		return this.binding.load().filter(LogtoSession::isAuthenticated).switchIfEmpty(notSignedIn());
	}

	@SuppressWarnings("unchecked")
	private static <T> Mono<T> notSignedIn() {
		return (Mono<T>) NOT_SIGNED_IN;
	}

	@Override
	public Mono<String> getAccessToken() {
		return getAccessToken(null, null, false);
	}

	@Override
	public Mono<String> getAccessToken(@Nullable String resource) {
		return getAccessToken(resource, null, false);
	}

	@Override
	public Mono<String> getAccessToken(@Nullable String resource, @Nullable String organizationId) {
		return getAccessToken(resource, organizationId, false);
	}

	@Override
	public Mono<String> getAccessToken(@Nullable String resource, @Nullable String organizationId,
			boolean forceRefresh) {
		return this.components.tokenFlow()
			.getAccessToken(this.binding, this.store, resource, organizationId, forceRefresh);
	}

	@Override
	public Mono<AccessTokenClaims> getAccessTokenClaims(@Nullable String resource) {
		return getAccessTokenClaims(resource, null);
	}

	@Override
	public Mono<AccessTokenClaims> getAccessTokenClaims(@Nullable String resource, @Nullable String organizationId) {
		return this.components.tokenFlow().getAccessTokenClaims(this.binding, this.store, resource, organizationId);
	}

	@Override
	public Mono<String> getOrganizationToken(String organizationId) {
		Objects.requireNonNull(organizationId, "organizationId");
		return getAccessToken(null, organizationId, false);
	}

	@Override
	public Mono<AccessTokenClaims> getOrganizationTokenClaims(String organizationId) {
		Objects.requireNonNull(organizationId, "organizationId");
		return getAccessTokenClaims(null, organizationId);
	}

	@Override
	public Flux<OrganizationTokenResult> getOrganizationTokens() {
		return this.components.tokenFlow().getOrganizationTokens(this.binding, this.store);
	}

	@Override
	public Mono<UserInfo> fetchUserInfo() {
		return this.components.tokenFlow().fetchUserInfo(this.binding, this.store);
	}

	@Override
	public Mono<LogtoContext> getContext(ContextOptions options) {
		Objects.requireNonNull(options, "options");
		return this.components.tokenFlow().getContext(this.binding, this.store, options);
	}

	@Override
	public Mono<String> signOut(@Nullable String postLogoutRedirectUri) {
		return this.components.tokenFlow().signOut(this.binding, postLogoutRedirectUri);
	}

	@Override
	public Mono<Void> clearAccessTokens() {
		return this.components.tokenFlow().clearAccessTokens(this.binding);
	}

	@Override
	public Mono<Void> clearAllTokens() {
		return this.components.tokenFlow().clearAllTokens(this.binding);
	}
}
