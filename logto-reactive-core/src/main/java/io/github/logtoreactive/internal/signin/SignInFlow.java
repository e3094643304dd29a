package io.github.logtoreactive.internal.signin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.CallbackError;
import io.github.logtoreactive.CallbackValidationException;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.SignInOptions;
import io.github.logtoreactive.SignInRequest;
import io.github.logtoreactive.SignInResult;
import io.github.logtoreactive.SignInTransaction;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.internal.LogtoErrors;
import io.github.logtoreactive.internal.crypto.SecureRandomStrings;
import io.github.logtoreactive.internal.discovery.DiscoveryCache;
import io.github.logtoreactive.internal.discovery.OidcProviderMetadata;
import io.github.logtoreactive.internal.jwt.IdTokenVerifier;
import io.github.logtoreactive.internal.token.TokenEndpoint;
import io.github.logtoreactive.internal.token.TokenResponse;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Sign-in and its callback, one instance per engine (stateless per user agent: the session is reached through the
 * {@link SessionBinding} of each call).
 *
 * <p>
 * {@link #signIn} records one {@link SignInTransaction} per {@code state} (so several tabs can sign in at once),
 * keeping at most {@link #MAX_PENDING_TRANSACTIONS} non-expired ones per session, and returns the authorization URL.
 *
 * <p>
 * {@link #handleSignInCallback} checks, in order: the URL parses ({@code MALFORMED_URI}); it carries a {@code state}
 * ({@code MISSING_STATE}, or {@code ERROR_FOUND} when Logto sent an error without one); a transaction has that state,
 * compared in constant time ({@code STATE_MISMATCHED}); the URL's scheme, host, port and path are exactly the
 * transaction's redirect URI ({@code REDIRECT_URI_MISMATCHED}); the transaction is not expired
 * ({@code TRANSACTION_EXPIRED}, and it is removed); Logto sent no {@code error} ({@code ERROR_FOUND}, marked
 * {@link CallbackValidationException#stateMatched()} since its state was checked); the RFC 9207
 * {@code iss}, when present, is the discovered issuer ({@code ISSUER_MISMATCHED}); a {@code code} is present
 * ({@code MISSING_CODE}); this engine has not already redeemed the state's code ({@code STATE_MISMATCHED}: Logto
 * revokes the grant of a code redeemed twice). Then it exchanges the code (PKCE verifier, no resource), verifies the
 * ID token with the transaction's nonce, and saves a session holding the new ID, refresh and default access tokens,
 * without that transaction, without any previous user's access tokens, under a new id (against session fixation).
 * Every failure leaves the session unchanged, except that an expired transaction is removed.
 * <p>
 * Public only because {@code EngineComponents} builds it.
 */
public final class SignInFlow {

	/** How many pending sign-ins a session keeps (the newest); older ones are dropped. */
	public static final int MAX_PENDING_TRANSACTIONS = 5;

	private final LogtoConfig config;

	private final DiscoveryCache discovery;

	private final TokenEndpoint tokenEndpoint;

	private final IdTokenVerifier verifier;

	private final SecureRandomStrings random;

	private final Clock clock;

	private final Duration transactionTtl;

	private final ConsumedStates consumedStates = new ConsumedStates();

	/**
	 * @param config the configuration
	 * @param discovery the discovery cache
	 * @param tokenEndpoint the token endpoint
	 * @param verifier the ID-token verifier
	 * @param random the random source
	 * @param clock the clock
	 */
	public SignInFlow(LogtoConfig config, DiscoveryCache discovery, TokenEndpoint tokenEndpoint,
			IdTokenVerifier verifier, SecureRandomStrings random, Clock clock) {
		this.config = Objects.requireNonNull(config, "config");
		this.discovery = Objects.requireNonNull(discovery, "discovery");
		this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
		this.verifier = Objects.requireNonNull(verifier, "verifier");
		this.random = Objects.requireNonNull(random, "random");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.transactionTtl = config.signInTransactionTtl();
	}

	/**
	 * @param binding the user agent's session
	 * @param options the sign-in options
	 * @return the authorization URL and state (lazy)
	 */
	public Mono<SignInRequest> signIn(SessionBinding binding, SignInOptions options) {
		Objects.requireNonNull(binding, "binding");
		Objects.requireNonNull(options, "options");
		return this.discovery.get().flatMap(metadata -> {
			String state = this.random.state();
			String nonce = this.random.nonce();
			String verifier = this.random.codeVerifier();
			URI uri = AuthorizationUri.build(metadata.authorizationEndpoint(), this.config, options, state, nonce,
					verifier);
			Instant now = this.clock.instant();
			SignInTransaction transaction = new SignInTransaction(state, verifier, nonce, options.redirectUri(),
					options.postRedirectUri(), now);
			return binding.load()
				.switchIfEmpty(Mono.fromSupplier(() -> LogtoSession.create(this.random.sessionId(), now)))
				.map(session -> withPending(session, transaction, now))
				.flatMap(binding::save)
				.thenReturn(new SignInRequest(uri, state));
		});
	}

	private LogtoSession withPending(LogtoSession session, SignInTransaction transaction, Instant now) {
		LogtoSession result = session;
		List<SignInTransaction> kept = new ArrayList<>();
		for (SignInTransaction pending : session.transactions().values()) {
			if (pending.isExpired(now, this.transactionTtl)) {
				result = result.withoutTransaction(pending.state());
			}
			else {
				kept.add(pending);
			}
		}
		kept.sort(Comparator.comparing(SignInTransaction::createdAt));
		for (int i = 0; i <= kept.size() - MAX_PENDING_TRANSACTIONS; i++) {
			result = result.withoutTransaction(kept.get(i).state());
		}
		return result.withTransaction(transaction);
	}

	/**
	 * @param binding the user agent's session
	 * @param callbackUri the full callback URL, with its query
	 * @return the post-sign-in redirect and the verified claims (lazy)
	 */
	public Mono<SignInResult> handleSignInCallback(SessionBinding binding, String callbackUri) {
		Objects.requireNonNull(binding, "binding");
		Objects.requireNonNull(callbackUri, "callbackUri");
		return Mono.defer(() -> {
			CallbackParameters callback = CallbackParameters.parse(callbackUri);
			String state = callback.get("state");
			if (state == null) {
				return Mono.error(callback.get("error") != null ? errorFound(callback, false)
						: refused(CallbackError.MISSING_STATE, "the callback carries no state"));
			}
			return binding.load()
				.switchIfEmpty(Mono.error(() -> stateMismatched("this user agent has no pending sign-in")))
				.flatMap(session -> validate(binding, session, callback, state));
		});
	}

	private Mono<SignInResult> validate(SessionBinding binding, LogtoSession session, CallbackParameters callback,
			String state) {
		SignInTransaction transaction = findTransaction(session, state);
		if (transaction == null) {
			return Mono.error(stateMismatched("no pending sign-in has this state (forged, replayed or finished)"));
		}
		if (!callback.arrivedOn(transaction.redirectUri())) {
			return Mono.error(refused(CallbackError.REDIRECT_URI_MISMATCHED,
					"the callback did not arrive on the sign-in's redirect URI"));
		}
		Instant now = this.clock.instant();
		if (transaction.isExpired(now, this.transactionTtl)) {
			return binding.save(session.withoutTransaction(transaction.state()))
				.then(Mono.error(refused(CallbackError.TRANSACTION_EXPIRED,
						"the sign-in started more than " + this.transactionTtl + " ago")));
		}
		if (callback.get("error") != null) {
			return Mono.error(errorFound(callback, true));
		}
		return this.discovery.get().flatMap(metadata -> exchange(binding, session, callback, transaction, metadata));
	}

	private Mono<SignInResult> exchange(SessionBinding binding, LogtoSession session, CallbackParameters callback,
			SignInTransaction transaction, OidcProviderMetadata metadata) {
		String iss = callback.get("iss");
		if (iss != null && !iss.equals(metadata.issuer())) {
			return Mono.error(refused(CallbackError.ISSUER_MISMATCHED,
					"the callback's iss is not this Logto tenant's issuer"));
		}
		String code = callback.get("code");
		if (code == null) {
			return Mono.error(refused(CallbackError.MISSING_CODE, "the callback carries no code"));
		}
		Instant requestedAt = this.clock.instant();
		if (!this.consumedStates.consume(transaction.state(), transaction.createdAt().plus(this.transactionTtl),
				requestedAt)) {
			return Mono.error(stateMismatched("this sign-in's code was already redeemed"));
		}
		return this.tokenEndpoint.exchangeAuthorizationCode(code, transaction.codeVerifier(), transaction.redirectUri())
			.flatMap(response -> {
				String idToken = response.idToken();
				if (idToken == null) {
					return Mono.error(LogtoErrors.invalidResponse(
							"token endpoint response field 'id_token' is missing (is 'openid' among the scopes?)",
							null));
				}
				return this.verifier.verify(idToken, transaction.nonce())
					.flatMap(claims -> binding.save(signedIn(session, transaction, response, idToken, requestedAt))
						.thenReturn(new SignInResult(transaction.postRedirectUri(), claims)));
			});
	}

	private LogtoSession signedIn(LogtoSession session, SignInTransaction transaction, TokenResponse response,
			String idToken, Instant requestedAt) {
		AccessToken accessToken = new AccessToken(response.accessToken(), response.scope(), requestedAt,
				requestedAt.plusSeconds(response.expiresIn()));
		Instant now = this.clock.instant();
		LogtoSession result = session.withoutTransaction(transaction.state());
		for (SignInTransaction pending : session.transactions().values()) {
			if (pending.isExpired(now, this.transactionTtl)) {
				result = result.withoutTransaction(pending.state());
			}
		}
		return result.withoutTokens()
			.withTokens(idToken, response.refreshToken())
			.withAccessToken(TokenKey.DEFAULT, accessToken)
			.withId(this.random.sessionId(), now);
	}

	/**
	 * Finds the transaction for {@code state}, comparing against every pending state in constant time.
	 */
	private static @Nullable SignInTransaction findTransaction(LogtoSession session, String state) {
		byte[] presented = state.getBytes(StandardCharsets.UTF_8);
		SignInTransaction found = null;
		for (SignInTransaction candidate : session.transactions().values()) {
			if (MessageDigest.isEqual(candidate.state().getBytes(StandardCharsets.UTF_8), presented)) {
				found = candidate;
			}
		}
		return found;
	}

	/**
	 * @param stateMatched whether the callback's state is a pending sign-in's: only then are its error parameters
	 * Logto's (without a state, anyone could have written them)
	 */
	private static CallbackValidationException errorFound(CallbackParameters callback, boolean stateMatched) {
		String error = callback.get("error");
		// the error code goes into the message only when it looks like one (it comes from the URL)
		String shown = error != null && error.matches("[A-Za-z0-9_.-]{1,64}") ? error : "(see oauthError())";
		return new CallbackValidationException(CallbackError.ERROR_FOUND,
				"Logto answered the sign-in with an error: " + shown, error, callback.get("error_description"),
				stateMatched);
	}

	private static CallbackValidationException stateMismatched(String message) {
		return refused(CallbackError.STATE_MISMATCHED, message);
	}

	private static CallbackValidationException refused(CallbackError error, String message) {
		return new CallbackValidationException(error, message);
	}
}
