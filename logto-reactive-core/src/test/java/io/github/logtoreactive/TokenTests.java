package io.github.logtoreactive;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.github.logtoreactive.internal.EngineComponents;
import io.github.logtoreactive.internal.token.TokenFlow;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.EncodedSessionCookie;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.RotatingTokenHandler;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.support.TestSessionBinding;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token API of a signed-in session, end to end over HTTP against a MockWebServer that refreshes like Logto
 * (rotation, 3 s reuse window, grant revocation, 403 for non-members).
 */
@Timeout(60)
class TokenTests {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	static final List<String> RESOURCES = List.of("https://a.example.com", "https://b.example.com",
			"https://c.example.com");

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	final List<RecordedRequest> userInfoRequests = new CopyOnWriteArrayList<>();

	volatile MockResponse userInfoResponse = FakeLogto.json(200,
			Map.of("sub", "user-1", "custom_data", Map.of("plan", "pro"), "organization_data",
					List.of(Map.of("id", "org-1", "name", "Acme"))));

	FakeLogto logto;

	RotatingTokenHandler tokens;

	LogtoEngine engine;

	LogtoSession expired;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, this.clock);
		this.logto.idTokenClaims = claims -> claims.put("organizations", List.of("org-1", "org-2", "org-3"));
		this.tokens = new RotatingTokenHandler(this.logto, this.clock);
		this.logto.tokenHandler = this.tokens;
		Dispatcher fake = this.server.getDispatcher();
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				if (request.getUrl().encodedPath().equals("/oidc/me")) {
					TokenTests.this.userInfoRequests.add(request);
					return TokenTests.this.userInfoResponse;
				}
				return fake.dispatch(request);
			}
		});
		this.engine = LogtoEngine.builder(this.logto.config()
			.scopes(UserScope.ORGANIZATIONS)
			.resources(RESOURCES)
			.retryBackoff(Duration.ofMillis(5))
			.build()).clock(this.clock).build();
		Instant past = this.clock.instant().minusSeconds(7200);
		this.expired = LogtoSession.create("session-1", past)
			.withTokens(this.logto.mintIdToken(null), this.tokens.issueRefreshToken())
			.withAccessToken(TokenKey.DEFAULT, new AccessToken("old-opaque", "openid", past, past.plusSeconds(3600)));
	}

	private LogtoClient client(TestSessionBinding binding) {
		return this.engine.client(binding);
	}

	/** The session as a request of this browser would write it: brought up to the engine's newest tokens. */
	private LogtoSession newest(LogtoSession session) {
		return EngineComponents.of(this.engine).refreshCoordinator().reconcile(session);
	}

	@Test
	void getAccessTokenWhenThousandConcurrentCallsOverThreeResourcesAndTwoOrganizationsThenFiveTokenRequests() {
		List<TokenKey> keys = new ArrayList<>();
		RESOURCES.forEach(r -> keys.add(TokenKey.resource(r)));
		keys.add(TokenKey.organization("org-1"));
		keys.add(TokenKey.organization("org-2"));
		List<TestSessionBinding> bindings = new CopyOnWriteArrayList<>();
		List<Mono<Map.Entry<TokenKey, String>>> calls = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			TokenKey key = keys.get(i % keys.size());
			calls.add(Mono.defer(() -> {
				// Each call is another request of the same browser: same cookie, its own binding.
				TestSessionBinding binding = new TestSessionBinding(this.expired);
				bindings.add(binding);
				return client(binding).getAccessToken(key.resource(), key.organizationId());
			}).map(token -> Map.entry(key, token)).subscribeOn(Schedulers.parallel()));
		}

		List<Map.Entry<TokenKey, String>> answers = Flux.merge(calls).collectList().block(Duration.ofSeconds(30));

		assertThat(answers).hasSize(1000);
		// Each caller got a token for exactly what it asked: the resource's audience, or the organization's.
		assertThat(answers).allSatisfy(answer -> assertThat(TokenFlow.decodeAccessToken(answer.getValue()).aud())
			.containsExactly(audienceOf(answer.getKey())));
		Map<TokenKey, List<String>> tokensByKey = answers.stream()
			.collect(Collectors.groupingBy(Map.Entry::getKey,
					Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
		assertThat(tokensByKey).hasSize(5)
			.allSatisfy((key, tokens) -> assertThat(new HashSet<>(tokens)).as("one token per key").hasSize(1));
		assertThat(this.tokens.refreshRequests.get()).as("token requests").isEqualTo(5);
		assertThat(this.tokens.invalidGrants.get()).isZero();
		assertThat(this.tokens.revoked()).isFalse();
		// Every browser request's session is brought up to the live refresh token before it is written: the cookie
		// each response would carry decodes to it.
		SessionCookieCodec cookies = SessionCookieCodec.create(CookieSecrets.of(FakeLogto.APP_ID,
				"kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA"), SessionCookieSettings.builder().build());
		Instant now = this.clock.instant();
		assertThat(bindings).hasSize(1000).allSatisfy(binding -> {
			EncodedSessionCookie written = cookies.encode(newest(binding.current()), now);
			LogtoSession decoded = cookies.decode(written.values(), now).value().orElseThrow();
			assertThat(this.tokens.isLive(decoded.refreshToken())).isTrue();
		});
	}

	static String audienceOf(TokenKey key) {
		return key.resource() != null ? key.resource() : "urn:logto:organization:" + key.organizationId();
	}

	@Test
	void getAccessTokenWhenResourceTokenFreshThenServedFromSessionWithoutRequest() {
		TestSessionBinding binding = new TestSessionBinding(this.expired);
		String first = client(binding).getAccessToken(RESOURCES.get(0)).block(TIMEOUT);
		String second = client(binding).getAccessToken(RESOURCES.get(0)).block(TIMEOUT);

		assertThat(second).isEqualTo(first);
		assertThat(this.tokens.refreshRequests.get()).isEqualTo(1);
		assertThat(binding.current().refreshToken()).isNotEqualTo(this.expired.refreshToken());
		assertThat(binding.current().idToken()).isNotEqualTo(this.expired.idToken());
	}

	@Test
	void getAccessTokenWhenForceRefreshThenNewTokenEvenIfFresh() {
		TestSessionBinding binding = new TestSessionBinding(this.expired);
		String first = client(binding).getAccessToken(RESOURCES.get(0)).block(TIMEOUT);
		String forced = client(binding).getAccessToken(RESOURCES.get(0), null, true).block(TIMEOUT);

		assertThat(forced).isNotEqualTo(first);
		assertThat(this.tokens.refreshRequests.get()).isEqualTo(2);
	}

	@Test
	void getAccessTokenClaimsWhenResourceTokenThenJwtClaimsWithEmptyScope() {
		StepVerifier.create(client(new TestSessionBinding(this.expired)).getAccessTokenClaims(RESOURCES.get(1)))
			.assertNext(claims -> {
				assertThat(claims.aud()).containsExactly(RESOURCES.get(1));
				assertThat(claims.scope()).isEmpty();
				assertThat(claims.scopes()).isEmpty();
				assertThat(claims.sub()).isEqualTo("user-1");
			})
			.verifyComplete();
	}

	@Test
	void getAccessTokenClaimsWhenOrganizationLevelResourceThenOrganizationIdClaim() {
		StepVerifier
			.create(client(new TestSessionBinding(this.expired)).getAccessTokenClaims(RESOURCES.get(0), "org-1"))
			.assertNext(claims -> assertThat(claims.organizationId()).isEqualTo("org-1"))
			.verifyComplete();
	}

	@Test
	void getAccessTokenClaimsWhenDefaultOpaqueTokenThenOpaqueTokenError() {
		StepVerifier.create(client(new TestSessionBinding(this.expired)).getAccessTokenClaims(null))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(OpaqueTokenException.class)
				.extracting(e -> ((LogtoException) e).code())
				.isEqualTo("access_token.opaque"))
			.verify(TIMEOUT);
	}

	@Test
	void getOrganizationTokenWhenScopeNotConfiguredThenMissingScopeAndNoRequest() {
		LogtoEngine noOrgs = LogtoEngine.builder(this.logto.config().build()).clock(this.clock).build();
		StepVerifier.create(noOrgs.client(new TestSessionBinding(this.expired)).getOrganizationToken("org-1"))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(MissingScopeException.class)
				.hasMessageContaining(UserScope.ORGANIZATIONS))
			.verify(TIMEOUT);
		assertThat(this.tokens.refreshRequests.get()).isZero();
	}

	@Test
	void getOrganizationTokenClaimsThenAudienceIsOrganizationUrn() {
		StepVerifier.create(client(new TestSessionBinding(this.expired)).getOrganizationTokenClaims("org-2"))
			.assertNext(claims -> assertThat(claims.aud()).containsExactly("urn:logto:organization:org-2"))
			.verifyComplete();
	}

	@Test
	void getOrganizationTokensWhenOneOrganizationRefusesThenOthersStillSucceed() {
		TestSessionBinding binding = new TestSessionBinding(this.expired);
		StepVerifier.create(client(binding).getOrganizationTokens().collectList()).assertNext(results -> {
			assertThat(results).extracting(OrganizationTokenResult::organizationId)
				.containsExactly("org-1", "org-2", "org-3");
			assertThat(results.get(0).isSuccess()).isTrue();
			assertThat(results.get(1).isSuccess()).isTrue();
			assertThat(results.get(2).error()).isInstanceOf(OrganizationAccessException.class);
		}).verifyComplete();
		assertThat(binding.current().isAuthenticated()).as("a 403 leaves the session intact").isTrue();
		assertThat(this.tokens.isLive(binding.current().refreshToken())).isTrue();
	}

	@Test
	void getAccessTokenWhenRefreshRefusedWithInvalidGrantThenSessionExpiredAndTokensCleared() {
		this.tokens.revoke();
		TestSessionBinding binding = new TestSessionBinding(this.expired);
		StepVerifier.create(client(binding).getAccessToken(RESOURCES.get(0)))
			.expectErrorSatisfies(ex -> {
				assertThat(ex).isInstanceOf(SessionExpiredException.class);
				assertThat(((SessionExpiredException) ex).logtoCode()).isEqualTo("oidc.invalid_grant");
			})
			.verify(TIMEOUT);
		assertThat(binding.current().isAuthenticated()).isFalse();
		assertThat(binding.current().refreshToken()).isNull();
		StepVerifier.create(client(binding).isAuthenticated()).expectNext(false).verifyComplete();
	}

	@Test
	void getAccessTokenWhenNoRefreshTokenThenNotAuthenticated() {
		LogtoSession noRefresh = LogtoSession.create("s", this.clock.instant()).withTokens(this.logto.mintIdToken(null),
				null);
		TestSessionBinding binding = new TestSessionBinding(noRefresh);
		StepVerifier.create(client(binding).getAccessToken(RESOURCES.get(0)))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(NotAuthenticatedException.class)
				.hasMessageContaining("refresh token"))
			.verify(TIMEOUT);
		assertThat(binding.current()).isEqualTo(noRefresh);
	}

	@Test
	void getAccessTokenWhenNotSignedInThenNotAuthenticated() {
		StepVerifier.create(client(new TestSessionBinding()).getAccessToken())
			.expectError(NotAuthenticatedException.class)
			.verify(TIMEOUT);
	}

	@Test
	void getAccessTokenWhenResponseLacksExpiresInThenInvalidResponseAndSessionUnchanged() {
		this.tokens.response = body -> body.remove("expires_in");
		TestSessionBinding binding = new TestSessionBinding(this.expired);
		StepVerifier.create(client(binding).getAccessToken(RESOURCES.get(0)))
			.expectError(InvalidResponseException.class)
			.verify(TIMEOUT);
		assertThat(binding.current()).isEqualTo(this.expired);
	}

	@Test
	void getAccessTokenWhenNegativeExpiresInThenInvalidResponseAndSessionUnchanged() {
		this.tokens.response = body -> body.put("expires_in", -5);
		TestSessionBinding binding = new TestSessionBinding(this.expired);
		StepVerifier.create(client(binding).getAccessToken(RESOURCES.get(0)))
			.expectError(InvalidResponseException.class)
			.verify(TIMEOUT);
		assertThat(binding.current()).isEqualTo(this.expired);
	}

	@Test
	void fetchUserInfoThenTypedClaimsWithTheDefaultToken() {
		StepVerifier.create(client(new TestSessionBinding(this.expired)).fetchUserInfo()).assertNext(info -> {
			assertThat(info.sub()).isEqualTo("user-1");
			assertThat(info.customData()).isEqualTo(Map.of("plan", "pro"));
			assertThat(info.organizationData()).containsExactly(new OrganizationData("org-1", "Acme", null));
		}).verifyComplete();
		assertThat(this.userInfoRequests).hasSize(1);
		assertThat(this.userInfoRequests.get(0).getHeaders().get("Authorization")).startsWith("Bearer opaque");
	}

	@Test
	void fetchUserInfoWhenUnauthorizedTwiceThenUserInfoErrorAfterOneForcedRefresh() {
		this.userInfoResponse = new MockResponse.Builder().code(401)
			.setHeader("WWW-Authenticate", "Bearer realm=\"x\", error=\"invalid_token\"")
			.setHeader("Content-Type", "application/json")
			.body("{\"code\":\"oidc.invalid_token\",\"message\":\"x\",\"error\":\"invalid_token\",\"error_description\":\"invalid token provided\"}")
			.build();
		TestSessionBinding binding = new TestSessionBinding(this.expired);
		StepVerifier.create(client(binding).fetchUserInfo())
			.expectErrorSatisfies(ex -> {
				assertThat(ex).isInstanceOf(UserInfoException.class);
				assertThat(((UserInfoException) ex).status()).isEqualTo(401);
				assertThat(((UserInfoException) ex).error()).isEqualTo("invalid_token");
			})
			.verify(TIMEOUT);
		assertThat(this.userInfoRequests).hasSize(2);
		assertThat(binding.current().isAuthenticated()).isTrue();
		assertThat(this.tokens.isLive(binding.current().refreshToken())).isTrue();
	}

	@Test
	void getAccessTokenWhenTheRefreshReturnsAnIdTokenOfAnotherSubjectThenSubjectMismatchAndNoTokenOfItIsKept() {
		this.logto.idTokenClaims = claims -> claims.put("sub", "user-2");
		TestSessionBinding binding = new TestSessionBinding(this.expired);

		// a failure must not print the token
		StepVerifier.create(client(binding).getAccessToken(RESOURCES.get(0)).map(token -> "an access token"))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(IdTokenVerificationException.class,
					verification -> {
						assertThat(verification.reason()).isEqualTo(IdTokenVerificationException.Reason.SUBJECT_MISMATCH);
						assertThat(verification.code()).isEqualTo("id_token.subject_mismatch");
					}))
			.verify(TIMEOUT);

		assertThat(this.tokens.refreshRequests.get()).isEqualTo(1);
		assertThat(binding.current()).as("nothing written").isEqualTo(this.expired);
		assertThat(newest(this.expired)).as("no request of this session adopts the response")
			.isEqualTo(this.expired);
		StepVerifier.create(client(binding).getIdTokenClaims().map(IdTokenClaims::sub))
			.expectNext("user-1")
			.verifyComplete();
	}

	@Test
	void getAccessTokenWhenTheRefreshedIdTokenExpiredThenTheSessionKeepsItsIdTokenAndTakesTheNewTokens() {
		this.logto.idTokenClaims = claims -> claims.put("exp", this.clock.instant().getEpochSecond() - 3600);
		TestSessionBinding binding = new TestSessionBinding(this.expired);

		StepVerifier.create(client(binding).getAccessToken(RESOURCES.get(0)))
			.assertNext(token -> assertThat(token.split("\\.")).hasSize(3))
			.verifyComplete();

		assertThat(binding.current().idToken()).isEqualTo(this.expired.idToken());
		assertThat(binding.current().refreshToken()).isNotEqualTo(this.expired.refreshToken());
		assertThat(this.tokens.isLive(binding.current().refreshToken())).isTrue();
		assertThat(binding.current().accessToken(TokenKey.resource(RESOURCES.get(0)))).isNotNull();
	}

	@Test
	void fetchUserInfoWhenItNamesAnotherSubjectThenUserInfoExceptionWithoutItsData() {
		this.userInfoResponse = FakeLogto.json(200,
				Map.of("sub", "user-2", "name", "Somebody Else", "email", "else@example.com"));
		TestSessionBinding binding = new TestSessionBinding(this.expired);

		StepVerifier.create(client(binding).fetchUserInfo())
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(UserInfoException.class, info -> {
				assertThat(info.code()).isEqualTo("userinfo.subject_mismatch");
				assertThat(info.error()).isEqualTo(UserInfoException.SUBJECT_MISMATCH);
				assertThat(info.getMessage()).doesNotContain("user-2", "user-1", "Somebody", "else@example.com",
						"opaque");
			}))
			.verify(TIMEOUT);
		assertThat(this.userInfoRequests).as("not retried").hasSize(1);
		assertThat(binding.current().isAuthenticated()).isTrue();
		assertThat(this.tokens.isLive(binding.current().refreshToken())).isTrue();
	}

	@Test
	void fetchUserInfoWhenItHasNoSubjectThenUserInfoException() {
		this.userInfoResponse = FakeLogto.json(200, Map.of("name", "Nobody"));

		StepVerifier.create(client(new TestSessionBinding(this.expired)).fetchUserInfo())
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(UserInfoException.class,
					info -> assertThat(info.code()).isEqualTo("userinfo.missing_subject")))
			.verify(TIMEOUT);
	}

	@Test
	void getContextWhenUserInfoNamesAnotherSubjectThenUserInfoExceptionNotAContext() {
		this.userInfoResponse = FakeLogto.json(200, Map.of("sub", "user-2", "name", "Somebody Else"));

		StepVerifier.create(client(new TestSessionBinding(this.expired))
			.getContext(ContextOptions.builder().fetchUserInfo(true).build()))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(UserInfoException.class,
					info -> assertThat(info.error()).isEqualTo(UserInfoException.SUBJECT_MISMATCH)))
			.verify(TIMEOUT);
	}

	@Test
	void getContextWhenRefreshBringsNewIdTokenThenClaimsMatchIt() {
		this.logto.idTokenClaims = claims -> {
			claims.put("organizations", List.of("org-1"));
			claims.put("name", "Renamed After Refresh");
		};
		StepVerifier.create(client(new TestSessionBinding(this.expired)).getContext(ContextOptions.builder()
			.resource(RESOURCES.get(2))
			.fetchUserInfo(true)
			.getOrganizationTokens(true)
			.build())).assertNext(context -> {
				assertThat(context.isAuthenticated()).isTrue();
				assertThat(context.claims().name()).isEqualTo("Renamed After Refresh");
				assertThat(context.accessTokenClaims().aud()).containsExactly(RESOURCES.get(2));
				assertThat(context.userInfo()).isNotNull();
				assertThat(context.organizationTokens()).hasSize(1);
			}).verifyComplete();
	}

	@Test
	void getContextWhenSessionExpiredThenUnauthenticated() {
		this.tokens.revoke();
		StepVerifier.create(client(new TestSessionBinding(this.expired))
			.getContext(ContextOptions.builder().resource(RESOURCES.get(0)).build()))
			.assertNext(context -> assertThat(context.isAuthenticated()).isFalse())
			.verifyComplete();
	}

	@Test
	void signOutThenRevokesRefreshTokenDeletesSessionAndBuildsEndSessionUrl() {
		TestSessionBinding binding = new TestSessionBinding(this.expired);
		StepVerifier.create(client(binding).signOut("https://app.example.com/")).assertNext(url -> {
			assertThat(url).startsWith(this.logto.issuer() + "/session/end?");
			Map<String, String> query = FakeLogto.parseQuery(url.substring(url.indexOf('?') + 1));
			assertThat(query).containsEntry("id_token_hint", this.expired.idToken())
				.containsEntry("client_id", FakeLogto.APP_ID)
				.containsEntry("post_logout_redirect_uri", "https://app.example.com/");
		}).verifyComplete();
		assertThat(binding.current()).isNull();
		assertThat(this.logto.revocationRequests).hasSize(1);
		Map<String, String> form = FakeLogto.parseQuery(this.logto.revocationRequests.get(0).getBody().utf8());
		assertThat(form).containsEntry("token", this.expired.refreshToken())
			.containsEntry("token_type_hint", "refresh_token");
	}

	@Test
	void signOutWhenRevocationFailsThenStillSignedOut() {
		this.logto.revocationHandler = request -> FakeLogto.json(503,
				Map.of("error", "server_error", "error_description", "oops! something went wrong"));
		TestSessionBinding binding = new TestSessionBinding(this.expired);
		StepVerifier.create(client(binding).signOut("https://app.example.com/"))
			.assertNext(url -> assertThat(url).contains("/session/end?"))
			.verifyComplete();
		assertThat(binding.current()).isNull();
	}

	@Test
	void clearAccessTokensThenKeepsIdAndRefreshTokens() {
		TestSessionBinding binding = new TestSessionBinding(this.expired);
		StepVerifier.create(client(binding).clearAccessTokens()).verifyComplete();
		assertThat(binding.current().accessTokens()).isEmpty();
		assertThat(binding.current().refreshToken()).isEqualTo(this.expired.refreshToken());
		StepVerifier.create(client(binding).clearAllTokens()).verifyComplete();
		assertThat(binding.current().isAuthenticated()).isFalse();
	}

	@Test
	void clientCredentialsThenM2mTokenCachedAndShared() {
		ClientCredentialsTokenSource m2m = this.engine.clientCredentials(FakeLogto.APP_ID, FakeLogto.APP_SECRET);
		List<Mono<String>> calls = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			calls.add(m2m.getAccessToken("https://a.example.com").subscribeOn(Schedulers.parallel()));
		}
		StepVerifier.create(Flux.merge(calls).distinct().count()).expectNext(1L).verifyComplete();
		assertThat(m2m.requestCount()).isEqualTo(1);
		Map<String, String> form = FakeLogto.parseQuery(this.logto.tokenRequests.get(0).getBody().utf8());
		assertThat(form).containsEntry("grant_type", "client_credentials").containsEntry("resource",
				"https://a.example.com");
	}

	@Test
	void getAccessTokenWhenNotSubscribedThenNoRequest() {
		Mono<String> pending = client(new TestSessionBinding(this.expired)).getAccessToken(RESOURCES.get(0));
		assertThat(this.server.getRequestCount()).isZero();
		StepVerifier.create(pending).expectNextCount(1).verifyComplete();
		assertThat(this.server.getRequestCount()).isPositive();
	}

	@Test
	void signOutWhenTheSessionHasNoRefreshTokenThenNothingIsRevokedAndTheHintIsStillSent() {
		LogtoSession noRefresh = LogtoSession.create("s", this.clock.instant()).withTokens(this.logto.mintIdToken(null),
				null);
		TestSessionBinding binding = new TestSessionBinding(noRefresh);

		String url = client(binding).signOut(null).block(TIMEOUT);

		assertThat(this.logto.revocationRequests).isEmpty();
		assertThat(FakeLogto.parseQuery(url.substring(url.indexOf('?') + 1))).containsEntry("id_token_hint",
				noRefresh.idToken()).doesNotContainKey("post_logout_redirect_uri");
		assertThat(binding.current()).isNull();
	}

	@Test
	void signOutWhenNoSessionThenEndSessionUrlWithoutHintAndNoRevocation() {
		String url = client(new TestSessionBinding()).signOut("https://app.example.com/").block(TIMEOUT);

		assertThat(this.logto.revocationRequests).isEmpty();
		assertThat(FakeLogto.parseQuery(url.substring(url.indexOf('?') + 1))).doesNotContainKey("id_token_hint")
			.containsEntry("client_id", FakeLogto.APP_ID);
	}

	@Test
	void signOutThenAStaleCopyOfTheSessionIsNoLongerBroughtUpToItsRefreshedTokens() {
		TestSessionBinding binding = new TestSessionBinding(this.expired);
		client(binding).getAccessToken(RESOURCES.get(0)).block(TIMEOUT);
		assertThat(newest(this.expired).refreshToken()).as("before: adopted")
			.isEqualTo(binding.current().refreshToken());

		client(binding).signOut("https://app.example.com/").block(TIMEOUT);

		assertThat(newest(this.expired)).isSameAs(this.expired);
	}

	@Test
	void signOutWhenDiscoveryNamesNoEndSessionEndpointThenThePostLogoutUriElseInvalidResponse() {
		Map<String, Object> document = new java.util.LinkedHashMap<>(this.logto.discoveryDocument());
		document.remove("end_session_endpoint");
		this.logto.discoveryHandler = request -> FakeLogto.json(200, document);

		assertThat(client(new TestSessionBinding(this.expired)).signOut("https://app.example.com/").block(TIMEOUT))
			.isEqualTo("https://app.example.com/");
		StepVerifier.create(client(new TestSessionBinding(this.expired)).signOut(null))
			.expectError(InvalidResponseException.class)
			.verify(TIMEOUT);
	}

	@Test
	void signOutWhenTheEndSessionEndpointHasAQueryThenTheParametersAreAppendedToIt() {
		Map<String, Object> document = new java.util.LinkedHashMap<>(this.logto.discoveryDocument());
		document.put("end_session_endpoint", this.logto.issuer() + "/session/end?ui_locales=de");
		this.logto.discoveryHandler = request -> FakeLogto.json(200, document);

		String url = client(new TestSessionBinding(this.expired)).signOut(null).block(TIMEOUT);

		assertThat(url).startsWith(this.logto.issuer() + "/session/end?ui_locales=de&id_token_hint=");
	}

	@Test
	void getContextWhenTheDefaultTokenIsOpaqueThenNoAccessTokenClaimsAndItsScopesListed() {
		this.tokens.response = body -> body.put("scope", " openid  offline_access ");

		LogtoContext context = client(new TestSessionBinding(this.expired))
			.getContext(ContextOptions.builder().getAccessToken(true).build())
			.block(TIMEOUT);

		assertThat(context.accessToken()).startsWith("opaque");
		assertThat(context.accessTokenClaims()).isNull();
		assertThat(context.scopes()).containsExactly("openid", "offline_access");
	}

	@Test
	void getContextWhenTheResourceTokenHasNoScopeThenNoScopesAndWithoutATokenTheDefaultTokensScopes() {
		LogtoContext resource = client(new TestSessionBinding(this.expired))
			.getContext(ContextOptions.builder().resource(RESOURCES.get(0)).build())
			.block(TIMEOUT);
		LogtoContext none = client(new TestSessionBinding(this.expired)).getContext(ContextOptions.builder().build())
			.block(TIMEOUT);

		assertThat(resource.accessTokenClaims().aud()).containsExactly(RESOURCES.get(0));
		assertThat(resource.scopes()).isEmpty();
		assertThat(none.accessToken()).isNull();
		assertThat(none.scopes()).as("the session's default token, expired but still describing its grant")
			.containsExactly("openid");
	}
}
