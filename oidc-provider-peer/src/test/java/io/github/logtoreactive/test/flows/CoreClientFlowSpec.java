package io.github.logtoreactive.test.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.AccessTokenClaims;
import io.github.logtoreactive.ClientCredentialsTokenSource;
import io.github.logtoreactive.ContextOptions;
import io.github.logtoreactive.EngineStatistics;
import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.NotAuthenticatedException;
import io.github.logtoreactive.OpaqueTokenException;
import io.github.logtoreactive.OrganizationAccessException;
import io.github.logtoreactive.OrganizationData;
import io.github.logtoreactive.OrganizationTokenResult;
import io.github.logtoreactive.SessionExpiredException;
import io.github.logtoreactive.SignInOptions;
import io.github.logtoreactive.SignInRequest;
import io.github.logtoreactive.SignInResult;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.UserScope;
import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.support.TestHttp;
import io.github.logtoreactive.test.TestUser;
import io.github.logtoreactive.support.TestSessionBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The core library's flows, end to end over real HTTP, with the real {@link LogtoClient} against an identity provider
 * holding the shared sample tenant ({@code TestTenant.sample()}): sign-in through auto-login, user info, resource and
 * organization tokens, refresh under each rotation policy, replay protection, sign-out with revocation, and
 * machine-to-machine tokens. Each subclass supplies one provider, so the same spec holds for both peers.
 *
 * <p>
 * Multi-step flows run on the test's main thread (not a Reactor thread) and await each step there; every
 * {@code Mono} under test is checked with a {@link StepVerifier} and a timeout. Failure messages never show a token:
 * tokens are compared by {@link #fingerprint(String) fingerprint}.
 */
// a guard against hangs, not a measurement: above the peer's 120 s start deadline, which a loaded machine needs
@Timeout(180)
abstract class CoreClientFlowSpec {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	static final String CLIENT_ID = "test-app";

	static final String CLIENT_SECRET = "test-secret";

	static final String REDIRECT_URI = "http://localhost:8080/logto/callback";

	static final String POST_LOGOUT_REDIRECT_URI = "http://localhost:8080/";

	static final String API = "https://api.example.com";

	static final String ORGANIZATION_URN_PREFIX = "urn:logto:organization:";

	/** Past the one-hour access-token lifetime (and the 60 s refresh skew), and past the 3 s reuse window. */
	static final Duration PAST_ACCESS_TOKEN_EXPIRY = Duration.ofHours(1).plusSeconds(4);

	/** Past Logto's 3 s refresh-token reuse window. */
	static final Duration PAST_REUSE_WINDOW = Duration.ofSeconds(4);

	FlowPeer peer;

	LogtoEngine engine;

	Browser browser;

	TestSessionBinding binding;

	LogtoClient client;

	/**
	 * @param rotation the refresh-token rotation policy the provider applies
	 * @return a provider ready for this test: clean state, auto-login as {@code user-1}, its clock at "now"
	 */
	protected abstract FlowPeer peer(RefreshTokenRotation rotation);

	/** @return whether the provider issues machine-to-machine organization tokens */
	protected boolean supportsMachineToMachineOrganizationTokens() {
		return true;
	}

	/** Starts a test against a provider with Logto's default policy for confidential clients. */
	void start() {
		start(RefreshTokenRotation.AFTER_70_PERCENT);
	}

	void start(RefreshTokenRotation rotation) {
		this.peer = peer(rotation);
		// What a Logto SDK asks for when the app calls an API and uses organizations: resource and organization
		// scopes go into the scope parameter; ORGANIZATIONS adds the resource urn:logto:resource:organizations.
		LogtoConfig config = LogtoConfig.builder()
			.endpoint(this.peer.baseUrl())
			.appId(CLIENT_ID)
			.appSecret(CLIENT_SECRET)
			.scopes(UserScope.EMAIL, UserScope.ROLES, UserScope.ORGANIZATIONS, UserScope.ORGANIZATION_ROLES, "read",
					"write", "read:members", "invite:members")
			.resources(API)
			.retryBackoff(Duration.ofMillis(20))
			.build();
		this.engine = LogtoEngine.builder(config).clock(this.peer.clock()).build();
		this.browser = new Browser();
		this.binding = new TestSessionBinding();
		this.client = this.engine.client(this.binding);
	}

	/** Sign-in through auto-login: the app's sign-in route, the browser's redirects, the app's callback route. */
	SignInResult signIn() {
		String callback = followToCallback();
		SignInResult result = this.client.handleSignInCallback(callback).block(TIMEOUT);
		assertThat(result).isNotNull();
		return result;
	}

	String followToCallback() {
		SignInRequest request = this.client.signIn(SignInOptions.builder(REDIRECT_URI).build()).block(TIMEOUT);
		assertThat(request).isNotNull();
		return this.browser.followUntil(request.authorizationUri().toString(), REDIRECT_URI);
	}

	LogtoSession session() {
		LogtoSession session = this.binding.current();
		assertThat(session).as("session").isNotNull();
		return session;
	}

	String refreshToken() {
		return Objects.requireNonNull(session().refreshToken(), "refresh token");
	}

	/** Calls the token endpoint directly, as another client holding the same refresh token would. */
	TestHttp.Reply refreshDirectly(String refreshToken) {
		return new Browser().post(this.peer.issuer() + "/token", Map.of(CLIENT_ID, CLIENT_SECRET), "grant_type",
				"refresh_token", "refresh_token", refreshToken);
	}

	long tokenRequests() {
		return this.peer.tokenRequests().orElse(-1);
	}

	/** @return a short SHA-256 fingerprint, so that a failing comparison never prints a token */
	static String fingerprint(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** @return the claims of a JWT access token, decoded (the signature is the client's business, not this test's) */
	static AccessTokenClaims claims(String token) {
		try {
			return new AccessTokenClaims(JWTParser.parse(token).getJWTClaimsSet().toJSONObject());
		}
		catch (ParseException ex) {
			throw new AssertionError("not a JWT", ex);
		}
	}

	static boolean isJwt(String token) {
		return token.split("\\.", -1).length == 3;
	}

	// 1. Sign-in

	@Test
	void handleSignInCallbackWhenAutoLoginThenSessionHoldsVerifiedIdTokenRefreshTokenAndOpaqueDefaultToken() {
		start();
		String callback = followToCallback();
		assertThat(Browser.query(URI.create(callback))).containsKeys("code", "state")
			.containsEntry("iss", this.peer.issuer());

		StepVerifier.create(this.client.handleSignInCallback(callback)).assertNext(result -> {
			IdTokenClaims claims = result.claims();
			assertThat(claims.sub()).isEqualTo("user-1");
			assertThat(claims.iss()).isEqualTo(this.peer.issuer());
			assertThat(claims.aud()).containsExactly(CLIENT_ID);
			assertThat(claims.email()).isEqualTo("alice@example.com");
			assertThat(claims.username()).isEqualTo("alice");
			assertThat(claims.name()).isEqualTo("Alice Example");
			// Logto sends created_at and updated_at in epoch milliseconds, not OIDC seconds.
			assertThat(claims.createdAt()).isEqualTo(TestUser.DEFAULT_TIMESTAMP);
			assertThat(claims.sid()).isNotBlank();
			assertThat(claims.roles()).containsExactly("admin");
			assertThat(claims.organizations()).containsExactlyInAnyOrder("org-1", "org-2");
		}).expectComplete().verify(TIMEOUT);

		StepVerifier.create(this.client.isAuthenticated()).expectNext(true).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.client.getIdTokenClaims().map(IdTokenClaims::sub))
			.expectNext("user-1")
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.client.getRefreshToken())
			.assertNext(token -> assertThat(token).isNotBlank())
			.expectComplete()
			.verify(TIMEOUT);
		AccessToken opaque = session().accessToken(TokenKey.DEFAULT);
		assertThat(opaque).as("default access token").isNotNull();
		assertThat(opaque.isJwt()).as("Logto's user-info token is opaque").isFalse();
		assertThat(opaque.token()).hasSizeGreaterThanOrEqualTo(43).doesNotContain(".");
		assertThat(opaque.lifetime()).isEqualTo(Duration.ofHours(1));
		assertThat(session().transactions()).as("the sign-in transaction is consumed").isEmpty();
	}

	@Test
	void handleSignInCallbackWhenTheSigningKeyWasRotatedRightAfterTheFirstSignInThenTheNextSignInSucceeds() {
		start();
		signIn();
		String firstKid = sessionIdTokenKid();
		// The first sign-in fetched the JWKS a moment ago (the engine's clock has not moved at all).
		this.peer.rotateSigningKey();

		SignInResult second = signIn();

		assertThat(second.claims().sub()).isEqualTo("user-1");
		assertThat(sessionIdTokenKid()).as("signed with the new key").isNotEqualTo(firstKid);
		StepVerifier.create(this.client.getAccessTokenClaims(API).map(AccessTokenClaims::sub))
			.expectNext("user-1")
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void handleSignInCallbackWhenTheSigningKeyWasRotatedTwiceWithinTheRefetchIntervalThenTheSignInWaitsAndSucceeds() {
		start();
		signIn();
		this.peer.rotateSigningKey();
		signIn();
		// The second sign-in refetched the JWKS for the new kid; 9.5 s later (inside the 10 s limit) Logto rotates
		// again. The third sign-in waits for the limit's window (the remaining half second, in real time: this is
		// the whole stack over real HTTP; the limit itself is tested in virtual time in JwksCacheTests).
		this.peer.advanceClock(Duration.ofMillis(9500));
		this.peer.rotateSigningKey();

		assertThat(signIn().claims().sub()).isEqualTo("user-1");
	}

	/** @return the {@code kid} in the header of the session's ID token */
	String sessionIdTokenKid() {
		try {
			return ((SignedJWT) JWTParser.parse(session().idToken())).getHeader().getKeyID();
		}
		catch (ParseException ex) {
			throw new AssertionError("not a JWT", ex);
		}
	}

	@Test
	void getAccessTokenWhenJustSignedInThenTheDefaultTokenComesFromTheSessionWithoutATokenRequest() {
		start();
		signIn();
		long before = tokenRequests();
		String stored = session().accessToken(TokenKey.DEFAULT).token();

		StepVerifier.create(this.client.getAccessToken().map(CoreClientFlowSpec::fingerprint))
			.expectNext(fingerprint(stored))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.client.getAccessTokenClaims(null))
			.expectError(OpaqueTokenException.class)
			.verify(TIMEOUT);
		assertThat(tokenRequests()).isEqualTo(before);
		assertThat(this.engine.statistics().refreshes()).isZero();
	}

	// 2. User info

	@Test
	void fetchUserInfoWhenSignedInThenReturnsTheSampleUsersClaims() {
		start();
		signIn();

		StepVerifier.create(this.client.fetchUserInfo()).assertNext(info -> {
			assertThat(info.sub()).isEqualTo("user-1");
			assertThat(info.username()).isEqualTo("alice");
			assertThat(info.name()).isEqualTo("Alice Example");
			assertThat(info.email()).isEqualTo("alice@example.com");
			assertThat(info.emailVerified()).isTrue();
			assertThat(info.createdAt()).isEqualTo(TestUser.DEFAULT_TIMESTAMP);
			assertThat(info.roles()).containsExactly("admin");
			assertThat(info.organizations()).containsExactlyInAnyOrder("org-1", "org-2");
			assertThat(info.organizationRoles()).containsExactlyInAnyOrder("org-1:org-admin", "org-2:org-member");
			// Extended claims outside the ID token's default set come from user info only.
			assertThat(info.organizationData()).extracting(OrganizationData::id, OrganizationData::name)
				.containsExactlyInAnyOrder(tuple("org-1", "Acme"),
						tuple("org-2", "Globex"));
		}).expectComplete().verify(TIMEOUT);
	}

	@Test
	void fetchUserInfoWhenTheDefaultTokenExpiredThenItIsRefreshedAndStillOpaque() {
		start();
		signIn();
		String before = fingerprint(session().accessToken(TokenKey.DEFAULT).token());
		this.peer.advanceClock(PAST_ACCESS_TOKEN_EXPIRY);

		StepVerifier.create(this.client.fetchUserInfo().map(info -> info.sub()))
			.expectNext("user-1")
			.expectComplete()
			.verify(TIMEOUT);

		AccessToken refreshed = session().accessToken(TokenKey.DEFAULT);
		assertThat(fingerprint(refreshed.token())).isNotEqualTo(before);
		assertThat(refreshed.isJwt()).as("a refresh without resource gives the user-info token again").isFalse();
		assertThat(this.engine.statistics().refreshes()).isEqualTo(1);
	}

	// 3. Resource and organization tokens

	@Test
	void getAccessTokenWhenApiResourceThenJwtForThatAudienceWithTheUsersRoleScopes() {
		start();
		signIn();

		StepVerifier.create(this.client.getAccessTokenClaims(API)).assertNext(claims -> {
			assertThat(claims.aud()).containsExactly(API);
			assertThat(claims.sub()).isEqualTo("user-1");
			assertThat(claims.clientId()).isEqualTo(CLIENT_ID);
			assertThat(claims.iss()).isEqualTo(this.peer.issuer());
			assertThat(claims.scopes()).containsExactlyInAnyOrder("read", "write");
			assertThat(claims.organizationId()).isNull();
			assertThat(claims.exp()).isAfter(this.peer.clock().instant());
		}).expectComplete().verify(TIMEOUT);
		AccessToken cached = session().accessToken(TokenKey.resource(API));
		assertThat(cached).isNotNull();
		assertThat(cached.isJwt()).isTrue();
		long before = tokenRequests();

		StepVerifier.create(this.client.getAccessToken(API).map(CoreClientFlowSpec::fingerprint))
			.expectNext(fingerprint(cached.token()))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(tokenRequests()).as("a fresh token is served from the session").isEqualTo(before);
		assertThat(this.engine.statistics().refreshes()).isEqualTo(1);
	}

	@Test
	void getOrganizationTokenWhenMemberThenAudienceIsTheOrganizationUrnWithTheMembersOrganizationScopes() {
		start();
		signIn();

		StepVerifier.create(this.client.getOrganizationTokenClaims("org-1")).assertNext(claims -> {
			assertThat(claims.aud()).containsExactly(ORGANIZATION_URN_PREFIX + "org-1");
			assertThat(claims.sub()).isEqualTo("user-1");
			assertThat(claims.scopes()).containsExactlyInAnyOrder("read:members", "invite:members");
			assertThat(claims.organizationId()).as("organization tokens carry no organization_id claim").isNull();
		}).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.client.getOrganizationTokenClaims("org-2").map(AccessTokenClaims::scopes))
			.assertNext(scopes -> assertThat(scopes).containsExactly("read:members"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void getAccessTokenWhenResourceAndOrganizationThenOrganizationLevelTokenCarriesTheOrganizationId() {
		start();
		signIn();

		StepVerifier.create(this.client.getAccessTokenClaims(API, "org-1")).assertNext(claims -> {
			assertThat(claims.aud()).containsExactly(API);
			assertThat(claims.sub()).isEqualTo("user-1");
			assertThat(claims.organizationId()).isEqualTo("org-1");
			assertThat(claims.scopes()).containsExactlyInAnyOrder("read", "write");
		}).expectComplete().verify(TIMEOUT);
		assertThat(session().accessTokens()).containsKey(TokenKey.of(API, "org-1"))
			.doesNotContainKey(TokenKey.resource(API));
	}

	@Test
	void getOrganizationTokensWhenSignedInThenOneTokenPerOrganizationOfTheIdToken() {
		start();
		signIn();

		StepVerifier.create(this.client.getOrganizationTokens().collectList()).assertNext(results -> {
			assertThat(results).extracting(OrganizationTokenResult::organizationId)
				.containsExactlyInAnyOrder("org-1", "org-2");
			assertThat(results).allSatisfy(result -> {
				assertThat(result.error()).isNull();
				assertThat(claims(result.token()).aud())
					.containsExactly(ORGANIZATION_URN_PREFIX + result.organizationId());
			});
		}).expectComplete().verify(TIMEOUT);
	}

	@Test
	void getContextWhenEverythingIsAskedForThenClaimsUserInfoResourceTokenAndOrganizationTokens() {
		start();
		signIn();
		ContextOptions options = ContextOptions.builder()
			.fetchUserInfo(true)
			.getAccessToken(true)
			.resource(API)
			.getOrganizationTokens(true)
			.build();

		StepVerifier.create(this.client.getContext(options)).assertNext(context -> {
			assertThat(context.isAuthenticated()).isTrue();
			assertThat(context.claims().sub()).isEqualTo("user-1");
			assertThat(context.userInfo().email()).isEqualTo("alice@example.com");
			assertThat(context.accessTokenClaims().aud()).containsExactly(API);
			assertThat(context.scopes()).containsExactlyInAnyOrder("read", "write");
			assertThat(context.organizationTokens()).allMatch(OrganizationTokenResult::isSuccess).hasSize(2);
		}).expectComplete().verify(TIMEOUT);
	}

	@Test
	void getOrganizationTokenWhenUserIsNotAMemberThenOrganizationAccessExceptionAndTheSessionIsIntact() {
		start();
		this.peer.autoLogin("user-2");
		SignInResult signedIn = signIn();
		assertThat(signedIn.claims().sub()).isEqualTo("user-2");
		String refreshToken = refreshToken();

		StepVerifier.create(this.client.getOrganizationToken("org-2"))
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(OrganizationAccessException.class,
					denied -> {
						assertThat(denied.organizationId()).isEqualTo("org-2");
						assertThat(denied.status()).isEqualTo(403);
						assertThat(denied.error()).isEqualTo("access_denied");
					}))
			.verify(TIMEOUT);

		assertThat(session().isAuthenticated()).isTrue();
		assertThat(fingerprint(refreshToken())).as("a failed organization request keeps the refresh token")
			.isEqualTo(fingerprint(refreshToken));
		StepVerifier.create(this.client.getAccessTokenClaims(API).map(AccessTokenClaims::scopes))
			.assertNext(scopes -> assertThat(scopes).as("bob is a viewer").containsExactly("read"))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.client.getOrganizationTokenClaims("org-1").map(AccessTokenClaims::scopes))
			.assertNext(scopes -> assertThat(scopes).containsExactly("read:members"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	// 4. Refresh under each rotation policy

	@Test
	void getAccessTokenWhenExpiredWithRotationAlwaysThenRefreshTokenRotatesOnEveryRefresh() {
		start(RefreshTokenRotation.ALWAYS);
		Instant signedInAt = signIn().claims().iat();
		List<String> refreshTokens = new ArrayList<>(List.of(fingerprint(refreshToken())));
		String first = this.client.getAccessToken(API).block(TIMEOUT);
		refreshTokens.add(fingerprint(refreshToken()));

		for (int round = 0; round < 2; round++) {
			// Past the access token's expiry and past the reuse window: a replayed refresh token would now revoke
			// the grant, so each refresh succeeding proves the client presented only the newest one.
			this.peer.advanceClock(PAST_ACCESS_TOKEN_EXPIRY);
			StepVerifier.create(this.client.getAccessToken(API).map(CoreClientFlowSpec::fingerprint))
				.assertNext(token -> assertThat(token).isNotEqualTo(fingerprint(first)))
				.expectComplete()
				.verify(TIMEOUT);
			refreshTokens.add(fingerprint(refreshToken()));
		}

		assertThat(refreshTokens).as("a new refresh token after each refresh").doesNotHaveDuplicates().hasSize(4);
		assertThat(session().accessToken(TokenKey.resource(API)).expiresAt()).isAfter(this.peer.clock().instant());
		assertThat(this.engine.statistics().refreshes()).isEqualTo(3);
		assertThat(this.engine.statistics().refreshFailures()).isZero();
		this.peer.tokenRequests().ifPresent(count -> assertThat(count).as("code + 3 refreshes").isEqualTo(4));
		StepVerifier.create(this.client.getIdTokenClaims()).assertNext(claims -> {
			assertThat(claims.sub()).isEqualTo("user-1");
			assertThat(claims.iat()).as("each refresh's verified ID token replaces the stored one")
				.isAfterOrEqualTo(signedInAt.plus(PAST_ACCESS_TOKEN_EXPIRY.multipliedBy(2)));
		}).expectComplete().verify(TIMEOUT);
	}

	@Test
	void getAccessTokenWhenExpiredWithRotationAfter70PercentThenRefreshTokenRotatesOnlyLateInItsLifetime() {
		start(RefreshTokenRotation.AFTER_70_PERCENT);
		signIn();
		String original = fingerprint(refreshToken());
		String first = this.client.getAccessToken(API).block(TIMEOUT);

		this.peer.advanceClock(PAST_ACCESS_TOKEN_EXPIRY);
		StepVerifier.create(this.client.getAccessToken(API).map(CoreClientFlowSpec::fingerprint))
			.assertNext(token -> assertThat(token).isNotEqualTo(fingerprint(first)))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(fingerprint(refreshToken())).as("one hour into 14 days: kept").isEqualTo(original);

		// 10 days is past 70% of the 14-day refresh-token lifetime.
		this.peer.advanceClock(Duration.ofDays(10));
		StepVerifier.create(this.client.getAccessToken(API))
			.assertNext(token -> assertThat(isJwt(token)).isTrue())
			.expectComplete()
			.verify(TIMEOUT);
		String rotated = fingerprint(refreshToken());
		assertThat(rotated).as("past 70%: rotated").isNotEqualTo(original);

		this.peer.advanceClock(PAST_ACCESS_TOKEN_EXPIRY);
		StepVerifier.create(this.client.getAccessToken(API))
			.assertNext(token -> assertThat(isJwt(token)).isTrue())
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(fingerprint(refreshToken())).as("the new token is young again").isEqualTo(rotated);
		assertThat(this.engine.statistics().refreshes()).isEqualTo(4);
		assertThat(this.engine.statistics().refreshFailures()).isZero();
	}

	@Test
	void getAccessTokenWhenExpiredWithRotationNeverThenTheSameRefreshTokenKeepsWorking() {
		start(RefreshTokenRotation.NEVER);
		signIn();
		String original = fingerprint(refreshToken());
		this.client.getAccessToken(API).block(TIMEOUT);
		List<String> accessTokens = new ArrayList<>();

		for (Duration step : List.of(PAST_ACCESS_TOKEN_EXPIRY, Duration.ofDays(12))) {
			this.peer.advanceClock(step);
			StepVerifier.create(this.client.getAccessToken(API).map(CoreClientFlowSpec::fingerprint))
				.assertNext(accessTokens::add)
				.expectComplete()
				.verify(TIMEOUT);
			assertThat(fingerprint(refreshToken())).isEqualTo(original);
		}

		assertThat(accessTokens).doesNotHaveDuplicates();
		assertThat(this.engine.statistics().refreshes()).isEqualTo(3);
		assertThat(this.engine.statistics().refreshFailures()).isZero();
	}

	@ParameterizedTest
	@EnumSource(RefreshTokenRotation.class)
	void getAccessTokenWhenFiftyConcurrentCallersOverThreeExpiredKeysThenOneTokenRequestPerKeyAndNoInvalidGrant(
			RefreshTokenRotation rotation) {
		start(rotation);
		signIn();
		List<TokenKey> keys = List.of(TokenKey.resource(API), TokenKey.organization("org-1"),
				TokenKey.of(API, "org-1"));
		for (TokenKey key : keys) {
			this.client.getAccessToken(key.resource(), key.organizationId()).block(TIMEOUT);
		}
		this.peer.advanceClock(PAST_ACCESS_TOKEN_EXPIRY);
		// Every caller is another request of the same browser: the same (now stale) cookie, its own binding.
		LogtoSession cookie = session();
		EngineStatistics before = this.engine.statistics();
		long tokenRequestsBefore = tokenRequests();
		List<Mono<Map.Entry<TokenKey, String>>> calls = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			TokenKey key = keys.get(i % keys.size());
			calls.add(Mono.defer(() -> this.engine.client(new TestSessionBinding(cookie))
				.getAccessToken(key.resource(), key.organizationId())
				.map(token -> Map.entry(key, fingerprint(token)))).subscribeOn(Schedulers.parallel()));
		}

		StepVerifier.create(Flux.merge(calls).collectList()).assertNext(results -> {
			assertThat(results).hasSize(50);
			Map<TokenKey, Set<String>> tokensByKey = results.stream()
				.collect(Collectors.groupingBy(Map.Entry::getKey,
						Collectors.mapping(Map.Entry::getValue, Collectors.toSet())));
			assertThat(tokensByKey).hasSize(3).allSatisfy((key, tokens) -> assertThat(tokens)
				.as("all callers of %s share one token", key).hasSize(1));
		}).expectComplete().verify(TIMEOUT);

		EngineStatistics after = this.engine.statistics();
		assertThat(after.refreshes() - before.refreshes()).as("token requests").isEqualTo(keys.size());
		assertThat(after.refreshFailures()).as("no invalid_grant, no failure").isZero();
		this.peer.tokenRequests()
			.ifPresent(count -> assertThat(count - tokenRequestsBefore).as("token requests the provider received")
				.isEqualTo(keys.size()));

		// Later, past the reuse window, the browser comes back with its stale cookie: the client adopts the newest
		// refresh token instead of replaying the one it consumed, so the grant is still alive.
		this.peer.advanceClock(PAST_REUSE_WINDOW);
		StepVerifier.create(this.client.getAccessToken(API, null, true))
			.assertNext(token -> assertThat(isJwt(token)).isTrue())
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.engine.statistics().refreshFailures()).isZero();
		TestHttp.Reply direct = refreshDirectly(refreshToken());
		assertThat(direct.status()).as("the session's refresh token is live: %s", direct.json().get("error"))
			.isEqualTo(200);
	}

	// 5. Replay protection

	@Test
	void getAccessTokenWhenARefreshTokenWasReplayedAfterTheReuseWindowThenSessionExpiredAndTheSessionIsCleared() {
		start(RefreshTokenRotation.ALWAYS);
		signIn();
		String stolen = refreshToken();
		this.client.getAccessToken(API).block(TIMEOUT);
		assertThat(fingerprint(refreshToken())).isNotEqualTo(fingerprint(stolen));

		this.peer.advanceClock(PAST_REUSE_WINDOW);
		TestHttp.Reply replay = refreshDirectly(stolen);
		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.json()).containsEntry("error", "invalid_grant");

		this.peer.advanceClock(PAST_ACCESS_TOKEN_EXPIRY);
		StepVerifier.create(this.client.getAccessToken(API))
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(SessionExpiredException.class,
					expired -> {
						assertThat(expired.status()).isEqualTo(400);
						assertThat(expired.error()).isEqualTo("invalid_grant");
					}))
			.verify(TIMEOUT);

		LogtoSession cleared = session();
		assertThat(cleared.isAuthenticated()).isFalse();
		assertThat(cleared.refreshToken()).isNull();
		assertThat(cleared.accessTokens()).isEmpty();
		StepVerifier.create(this.client.isAuthenticated()).expectNext(false).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.client.getAccessToken(API))
			.expectError(NotAuthenticatedException.class)
			.verify(TIMEOUT);

		// The user signs in again in the same browser: a new grant, a new session id, a working client.
		signIn();
		assertThat(session().id()).isNotEqualTo(cleared.id());
		StepVerifier.create(this.client.getAccessToken(API))
			.assertNext(token -> assertThat(isJwt(token)).isTrue())
			.expectComplete()
			.verify(TIMEOUT);
	}

	// 6. Sign-out with revocation

	@Test
	void signOutWhenSignedInThenEndSessionUrlCarriesHintClientAndPostLogoutUriAndTheRefreshTokenIsRevoked() {
		start();
		signIn();
		this.client.getAccessToken(API).block(TIMEOUT);
		String idToken = session().idToken();
		String refreshToken = refreshToken();

		StepVerifier.create(this.client.signOut(POST_LOGOUT_REDIRECT_URI)).assertNext(url -> {
			URI uri = URI.create(url);
			assertThat(url).startsWith(this.peer.issuer() + "/session/end?");
			Map<String, String> query = Browser.query(uri);
			assertThat(query).containsOnlyKeys("id_token_hint", "client_id", "post_logout_redirect_uri")
				.containsEntry("client_id", CLIENT_ID)
				.containsEntry("post_logout_redirect_uri", POST_LOGOUT_REDIRECT_URI);
			assertThat(fingerprint(query.get("id_token_hint"))).isEqualTo(fingerprint(idToken));
		}).expectComplete().verify(TIMEOUT);

		assertThat(this.binding.current()).as("the session is gone").isNull();
		StepVerifier.create(this.client.isAuthenticated()).expectNext(false).expectComplete().verify(TIMEOUT);
		this.peer.revocationRequests().ifPresent(count -> assertThat(count).isEqualTo(1));
		// offline_access refresh tokens survive end-session at Logto: only the revocation kills this one.
		TestHttp.Reply afterwards = refreshDirectly(refreshToken);
		assertThat(afterwards.status()).isEqualTo(400);
		assertThat(afterwards.json()).containsEntry("error", "invalid_grant");

		signIn();
		StepVerifier.create(this.client.getAccessTokenClaims(API).map(AccessTokenClaims::sub))
			.expectNext("user-1")
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void signOutWhenTheBrowserFollowsTheEndSessionUrlThenItLandsOnThePostLogoutUri() {
		start();
		signIn();
		String endSession = this.client.signOut(POST_LOGOUT_REDIRECT_URI).block(TIMEOUT);
		assertThat(endSession).isNotNull();

		TestHttp.Reply confirmed = this.browser.signOutAt(endSession);

		assertThat(confirmed.status()).isEqualTo(303);
		// The client sends no state, so none comes back.
		assertThat(confirmed.location()).isEqualTo(POST_LOGOUT_REDIRECT_URI);
	}

	// 7. Machine to machine

	@Test
	void clientCredentialsWhenApiResourceWithScopesThenJwtWhoseSubjectIsTheClientId() {
		start();
		ClientCredentialsTokenSource m2m = this.engine.clientCredentials("m2m-app", "m2m-secret");

		StepVerifier.create(m2m.getToken(API, null, List.of("read", "write"), false)).assertNext(token -> {
			assertThat(token.isJwt()).isTrue();
			assertThat(token.scope()).isEqualTo("read write");
			AccessTokenClaims claims = claims(token.token());
			assertThat(claims.sub()).isEqualTo("m2m-app");
			assertThat(claims.clientId()).isEqualTo("m2m-app");
			assertThat(claims.aud()).containsExactly(API);
			assertThat(claims.iss()).isEqualTo(this.peer.issuer());
			assertThat(claims.scopes()).as("the app's admin role").containsExactlyInAnyOrder("read", "write");
		}).expectComplete().verify(TIMEOUT);
		StepVerifier.create(m2m.getToken(API, null, List.of("read", "write"), false).map(AccessToken::isJwt))
			.expectNext(true)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(m2m.requestCount()).as("the second call is served from the cache").isEqualTo(1);
	}

	@Test
	void clientCredentialsWhenNoScopeIsAskedForThenTheTokenCarriesNoScope() {
		start();
		ClientCredentialsTokenSource m2m = this.engine.clientCredentials("m2m-app", "m2m-secret");

		// Logto (and oidc-provider) grant only requested scopes: no scope parameter, no scope, whatever the roles.
		StepVerifier.create(m2m.getAccessToken(API).map(CoreClientFlowSpec::claims)).assertNext(claims -> {
			assertThat(claims.sub()).isEqualTo("m2m-app");
			assertThat(claims.aud()).containsExactly(API);
			assertThat(claims.scopes()).isEmpty();
		}).expectComplete().verify(TIMEOUT);
	}

	@Test
	void clientCredentialsWhenOrganizationThenOrganizationTokenForTheApp() {
		assumeTrue(supportsMachineToMachineOrganizationTokens(),
				"the provider does not issue machine-to-machine organization tokens");
		start();
		ClientCredentialsTokenSource m2m = this.engine.clientCredentials("m2m-app", "m2m-secret");

		StepVerifier.create(m2m.getToken(null, "org-1", List.of("read:members", "invite:members"), false))
			.assertNext(token -> {
				AccessTokenClaims claims = claims(token.token());
				assertThat(claims.sub()).isEqualTo("m2m-app");
				assertThat(claims.aud()).containsExactly(ORGANIZATION_URN_PREFIX + "org-1");
				assertThat(claims.scopes()).containsExactlyInAnyOrder("read:members", "invite:members");
				assertThat(claims.organizationId()).isNull();
			})
			.expectComplete()
			.verify(TIMEOUT);
	}
}
