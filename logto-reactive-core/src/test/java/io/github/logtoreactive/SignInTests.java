package io.github.logtoreactive;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.logtoreactive.internal.EngineComponents;
import io.github.logtoreactive.internal.crypto.Pkce;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.support.TestSessionBinding;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@Timeout(20)
class SignInTests {

	static final String REDIRECT = "https://app.example.com/logto/callback";

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	FakeLogto logto;

	LogtoEngine engine;

	TestSessionBinding binding;

	LogtoClient client;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, this.clock);
		this.engine = engine(this.logto.config().scopes(UserScope.EMAIL).resources("https://api.example.com",
				"https://shop.example.com").build());
		this.binding = new TestSessionBinding();
		this.client = this.engine.client(this.binding);
	}

	private LogtoEngine engine(LogtoConfig config) {
		return LogtoEngine.builder(config).clock(this.clock).build();
	}

	private SignInRequest signIn(SignInOptions options) {
		return this.client.signIn(options).block(TIMEOUT);
	}

	private SignInRequest signIn() {
		return signIn(SignInOptions.builder(REDIRECT).postRedirectUri("/dashboard").build());
	}

	private static Map<String, String> query(SignInRequest request) {
		return FakeLogto.parseQuery(request.authorizationUri().getRawQuery());
	}

	@Test
	void signInWhenSubscribedThenAuthorizationUriCarriesProtocolParameters() {
		SignInRequest request = signIn();
		URI uri = request.authorizationUri();
		assertThat(uri.toString()).startsWith(this.logto.issuer() + "/auth?");
		Map<String, String> query = query(request);
		assertThat(query).containsEntry("client_id", FakeLogto.APP_ID)
			.containsEntry("redirect_uri", REDIRECT)
			.containsEntry("response_type", "code")
			.containsEntry("scope", "openid offline_access profile email")
			.containsEntry("prompt", "consent")
			.containsEntry("code_challenge_method", "S256")
			.containsEntry("state", request.state());
		assertThat(FakeLogto.queryValues(uri, "resource")).containsExactly("https://api.example.com",
				"https://shop.example.com");
		assertThat(uri.getRawQuery()).contains("scope=openid%20offline_access%20profile%20email");
		SignInTransaction transaction = this.binding.current().transactions().get(request.state());
		assertThat(transaction.codeVerifier()).hasSizeBetween(43, 128).matches("[A-Za-z0-9_-]+");
		assertThat(query.get("code_challenge")).isEqualTo(Pkce.challenge(transaction.codeVerifier()));
		assertThat(query.get("state")).hasSizeGreaterThanOrEqualTo(22).matches("[A-Za-z0-9_-]+");
		assertThat(query.get("nonce")).isEqualTo(transaction.nonce()).hasSizeGreaterThanOrEqualTo(22);
		assertThat(transaction.redirectUri()).isEqualTo(REDIRECT);
		assertThat(transaction.postRedirectUri()).isEqualTo("/dashboard");
		assertThat(transaction.createdAt()).isEqualTo(this.clock.instant());
		assertThat(query).doesNotContainKeys("first_screen", "interaction_mode", "identifier", "direct_sign_in",
				"login_hint", "one_time_token", "ui_locales", "organization_id");
	}

	@Test
	void signInWhenTwiceThenFreshStateNonceAndVerifier() {
		SignInRequest first = signIn();
		SignInRequest second = signIn();
		assertThat(first.state()).isNotEqualTo(second.state());
		assertThat(query(first).get("nonce")).isNotEqualTo(query(second).get("nonce"));
		assertThat(query(first).get("code_challenge")).isNotEqualTo(query(second).get("code_challenge"));
		assertThat(this.binding.current().transactions()).containsOnlyKeys(first.state(), second.state());
	}

	@Test
	@SuppressWarnings("deprecation")
	void signInWhenLogtoOptionsSetThenEverySent() {
		SignInRequest request = signIn(SignInOptions.builder(REDIRECT)
			.prompt(Prompt.LOGIN, Prompt.CONSENT)
			.firstScreen(FirstScreen.IDENTIFIER_REGISTER)
			.interactionMode(SignInOptions.InteractionMode.SIGN_UP)
			.identifiers(Identifier.EMAIL, Identifier.PHONE)
			.directSignIn(DirectSignIn.social("google"))
			.loginHint("ada@example.com")
			.oneTimeToken("ott-1")
			.uiLocales("fr-CA fr")
			.organizationId("org-1")
			.extraParam("max_age", "300")
			.build());
		Map<String, String> query = query(request);
		assertThat(query).containsEntry("prompt", "login consent")
			.containsEntry("first_screen", "identifier:register")
			.containsEntry("identifier", "email phone")
			.containsEntry("direct_sign_in", "social:google")
			.containsEntry("login_hint", "ada@example.com")
			.containsEntry("one_time_token", "ott-1")
			.containsEntry("ui_locales", "fr-CA fr")
			.containsEntry("organization_id", "org-1")
			.containsEntry("max_age", "300")
			.doesNotContainKey("interaction_mode");
	}

	@Test
	@SuppressWarnings("deprecation")
	void signInWhenInteractionModeWithoutFirstScreenThenInteractionModeSent() {
		SignInRequest request = signIn(SignInOptions.builder(REDIRECT)
			.interactionMode(SignInOptions.InteractionMode.SIGN_UP)
			.directSignIn(DirectSignIn.sso("connector-9"))
			.build());
		assertThat(query(request)).containsEntry("interaction_mode", "signUp")
			.containsEntry("direct_sign_in", "sso:connector-9")
			.doesNotContainKey("first_screen");
	}

	@Test
	void signInWhenNoSessionThenNewSessionWithRandomId() {
		signIn();
		LogtoSession session = this.binding.current();
		assertThat(session).isNotNull();
		assertThat(session.id()).matches("[A-Za-z0-9_-]{43}");
		assertThat(session.isAuthenticated()).isFalse();
		assertThat(session.transactions()).hasSize(1);
	}

	@Test
	void signInWhenManyPendingThenNewestFiveKeptAndExpiredDropped() {
		SignInRequest expired = signIn();
		this.clock.advance(Duration.ofMinutes(11));
		SignInRequest[] requests = new SignInRequest[7];
		for (int i = 0; i < requests.length; i++) {
			requests[i] = signIn();
			this.clock.advance(Duration.ofSeconds(1));
		}
		assertThat(this.binding.current().transactions()).hasSize(5)
			.doesNotContainKey(expired.state())
			.containsKeys(requests[2].state(), requests[3].state(), requests[4].state(), requests[5].state(),
					requests[6].state());
	}

	@Test
	void signInWhenDiscoveryCachedThenRandomnessOnNonBlockingThreadDoesNotBlock() {
		signIn();
		StepVerifier.create(Mono.defer(() -> this.client.signIn(SignInOptions.builder(REDIRECT).build()))
			.subscribeOn(Schedulers.parallel())
			.repeat(20)).expectNextCount(21).verifyComplete();
	}

	@Test
	void operationsWhenNotSubscribedThenNoRequestNoRandomnessNoSessionAccess() {
		LogtoEngine fresh = engine(this.logto.config().build());
		TestSessionBinding untouched = new TestSessionBinding();
		LogtoClient lazy = fresh.client(untouched);
		Mono<SignInRequest> signIn = lazy.signIn(SignInOptions.builder(REDIRECT).build());
		Mono<SignInResult> callback = lazy.handleSignInCallback(REDIRECT + "?code=c&state=s");
		lazy.isAuthenticated();
		lazy.getIdToken();
		lazy.getIdTokenClaims();
		lazy.getRefreshToken();
		assertThat(this.server.getRequestCount()).isZero();
		assertThat(untouched.loads.get()).isZero();
		assertThat(untouched.current()).isNull();

		StepVerifier.create(signIn).expectNextCount(1).verifyComplete();
		assertThat(this.server.getRequestCount()).isEqualTo(1);
		assertThat(untouched.current()).isNotNull();
		StepVerifier.create(callback).expectError(CallbackValidationException.class).verify(TIMEOUT);
	}

	@Test
	void handleSignInCallbackWhenValidThenSignedInWithRotatedIdAndTransactionRemoved() {
		SignInRequest request = signIn();
		LogtoSession before = this.binding.current();
		String callback = this.logto.authorize(request.authorizationUri());

		StepVerifier.create(this.client.handleSignInCallback(callback)).assertNext(result -> {
			assertThat(result.postRedirectUri()).isEqualTo("/dashboard");
			assertThat(result.claims().sub()).isEqualTo("user-1");
			assertThat(result.claims().claim("nonce")).isEqualTo(query(request).get("nonce"));
		}).verifyComplete();

		LogtoSession after = this.binding.current();
		assertThat(after.id()).isNotEqualTo(before.id()).matches("[A-Za-z0-9_-]{43}");
		assertThat(after.version()).isGreaterThan(before.version());
		assertThat(after.isAuthenticated()).isTrue();
		assertThat(after.refreshToken()).startsWith("rt-");
		assertThat(after.transactions()).isEmpty();
		AccessToken accessToken = after.accessToken(TokenKey.DEFAULT);
		assertThat(accessToken.token()).startsWith("opaque-at-");
		assertThat(accessToken.scope()).isEqualTo("openid offline_access profile");
		assertThat(accessToken.issuedAt()).isEqualTo(this.clock.instant());
		assertThat(accessToken.expiresAt()).isEqualTo(this.clock.instant().plusSeconds(3600));
		assertThat(after.accessTokens()).containsOnlyKeys(TokenKey.DEFAULT);

		String form = this.logto.tokenRequests.get(0).getBody().utf8();
		assertThat(FakeLogto.parseQuery(form)).containsOnlyKeys("grant_type", "code", "code_verifier", "redirect_uri")
			.containsEntry("grant_type", "authorization_code")
			.containsEntry("code_verifier", before.transactions().get(request.state()).codeVerifier())
			.containsEntry("redirect_uri", REDIRECT);
		assertThat(this.logto.tokenRequests.get(0).getHeaders().get("Authorization")).startsWith("Basic ");
	}

	@Test
	void handleSignInCallbackWhenRsaTenantThenRs256TokenVerified() {
		this.logto.useRsa();
		SignInRequest request = signIn();
		StepVerifier.create(this.client.handleSignInCallback(this.logto.authorize(request.authorizationUri())))
			.assertNext(result -> assertThat(result.claims().sub()).isEqualTo("user-1"))
			.verifyComplete();
	}

	@Test
	void handleSignInCallbackWhenLogtoRotatedItsKeysRightAfterTheFirstSignInThenTheNextSignInSucceeds() {
		StepVerifier.create(this.client.handleSignInCallback(this.logto.authorize(signIn().authorizationUri())))
			.expectNextCount(1)
			.verifyComplete();
		// Logto's console rotation: the new key signs at once, the old one stays published as the previous key.
		this.logto.publishedKeys = List.of(FakeLogto.OTHER_EC_KEY, FakeLogto.EC_KEY);
		this.logto.signingKey = FakeLogto.OTHER_EC_KEY;

		StepVerifier.create(this.client.handleSignInCallback(this.logto.authorize(signIn().authorizationUri())))
			.assertNext(result -> assertThat(result.claims().sub()).isEqualTo("user-1"))
			.verifyComplete();
		assertThat(this.logto.jwksCount()).as("the first fetch, then one refetch for the new kid").isEqualTo(2);
	}

	@Test
	void handleSignInCallbackWhenPublicClientThenClientIdSentAndSignedIn() {
		this.logto.secretExpected = null;
		LogtoClient publicClient = engine(this.logto.config().appSecret(null).build()).client(this.binding);
		SignInRequest request = publicClient.signIn(SignInOptions.builder(REDIRECT).build()).block(TIMEOUT);
		StepVerifier.create(publicClient.handleSignInCallback(this.logto.authorize(request.authorizationUri())))
			.assertNext(result -> assertThat(result.postRedirectUri()).isNull())
			.verifyComplete();
		assertThat(this.logto.tokenRequests.get(0).getHeaders().get("Authorization")).isNull();
	}

	@Test
	void handleSignInCallbackWhenAudienceIsArrayWithAppIdThenAccepted() {
		this.logto.idTokenClaims = claims -> claims.put("aud", List.of("other", FakeLogto.APP_ID));
		SignInRequest request = signIn();
		StepVerifier.create(this.client.handleSignInCallback(this.logto.authorize(request.authorizationUri())))
			.assertNext(result -> assertThat(result.claims().aud()).containsExactly("other", FakeLogto.APP_ID))
			.verifyComplete();
	}

	@Test
	void handleSignInCallbackWhenTwoTabsSignInAtOnceThenBothComplete() {
		SignInRequest tab1 = signIn(SignInOptions.builder(REDIRECT).postRedirectUri("/one").build());
		SignInRequest tab2 = signIn(SignInOptions.builder(REDIRECT).postRedirectUri("/two").build());
		String callback1 = this.logto.authorize(tab1.authorizationUri());
		String callback2 = this.logto.authorize(tab2.authorizationUri());

		StepVerifier.create(this.client.handleSignInCallback(callback2))
			.assertNext(result -> assertThat(result.postRedirectUri()).isEqualTo("/two"))
			.verifyComplete();
		assertThat(this.binding.current().transactions()).containsOnlyKeys(tab1.state());
		String idAfterFirst = this.binding.current().id();

		StepVerifier.create(this.client.handleSignInCallback(callback1))
			.assertNext(result -> assertThat(result.postRedirectUri()).isEqualTo("/one"))
			.verifyComplete();
		assertThat(this.binding.current().transactions()).isEmpty();
		assertThat(this.binding.current().id()).isNotEqualTo(idAfterFirst);
		assertThat(this.logto.tokenCount()).isEqualTo(2);
	}

	@Test
	void handleSignInCallbackWhenReplayedFromStaleSessionThenRefusedWithoutSecondCodeRedemption() {
		SignInRequest request = signIn();
		LogtoSession stale = this.binding.current();
		String callback = this.logto.authorize(request.authorizationUri());
		StepVerifier.create(this.client.handleSignInCallback(callback)).expectNextCount(1).verifyComplete();

		// a second request still carrying the pre-callback session (e.g. an old cookie) replays the callback
		TestSessionBinding staleBinding = new TestSessionBinding(stale);
		StepVerifier.create(this.engine.client(staleBinding).handleSignInCallback(callback))
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(CallbackValidationException.class,
					c -> assertThat(c.error()).isEqualTo(CallbackError.STATE_MISMATCHED)))
			.verify(TIMEOUT);
		assertThat(staleBinding.current()).isEqualTo(stale);
		assertThat(this.logto.tokenCount()).isEqualTo(1);
	}

	@Test
	void handleSignInCallbackWhenDoubleSubmittedConcurrentlyThenOneCodeRedemption() {
		SignInRequest request = signIn();
		LogtoSession pending = this.binding.current();
		String callback = this.logto.authorize(request.authorizationUri());
		this.logto.tokenHandler = delayed(this.logto.tokenHandler);
		TestSessionBinding a = new TestSessionBinding(pending);
		TestSessionBinding b = new TestSessionBinding(pending);
		Mono<String> first = this.engine.client(a).handleSignInCallback(callback).map(r -> "ok")
			.onErrorResume(e -> Mono.just(e.getClass().getSimpleName()));
		Mono<String> second = this.engine.client(b).handleSignInCallback(callback).map(r -> "ok")
			.onErrorResume(e -> Mono.just(e.getClass().getSimpleName()));
		StepVerifier.create(Mono.zip(first.subscribeOn(Schedulers.parallel()), second.subscribeOn(Schedulers.parallel())))
			.assertNext(results -> assertThat(List.of(results.getT1(), results.getT2()))
				.containsExactlyInAnyOrder("ok", "CallbackValidationException"))
			.verifyComplete();
		assertThat(this.logto.tokenCount()).isEqualTo(1);
	}

	private static java.util.function.Function<mockwebserver3.RecordedRequest, MockResponse> delayed(
			java.util.function.Function<mockwebserver3.RecordedRequest, MockResponse> handler) {
		return request -> new MockResponse.Builder(handler.apply(request)).headersDelay(200, TimeUnit.MILLISECONDS)
			.build();
	}

	@Test
	void handleSignInCallbackWhenAnotherUserWasSignedInThenPreviousAccessTokensDropped() {
		Instant now = this.clock.instant();
		LogtoSession previous = LogtoSession.create("old-session-id-0123456789", now)
			.withTokens("old.id.token", "old-rt")
			.withAccessToken(TokenKey.resource("https://api.example.com"),
					new AccessToken("old-api-token", "read", now, now.plusSeconds(3600)));
		this.binding.set(previous);
		SignInRequest request = signIn();
		StepVerifier.create(this.client.handleSignInCallback(this.logto.authorize(request.authorizationUri())))
			.expectNextCount(1)
			.verifyComplete();
		LogtoSession after = this.binding.current();
		assertThat(after.accessTokens()).containsOnlyKeys(TokenKey.DEFAULT);
		assertThat(after.refreshToken()).isNotEqualTo("old-rt");
		assertThat(after.idToken()).isNotEqualTo("old.id.token");
		assertThat(after.id()).isNotEqualTo("old-session-id-0123456789");
	}

	@Test
	void handleSignInCallbackWhenDebugLoggingThenNoSecretLogged() {
		ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger("io.github.logtoreactive");
		ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ch.qos.logback.core.read.ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			SignInRequest request = signIn();
			SignInTransaction transaction = this.binding.current().transactions().get(request.state());
			String callback = this.logto.authorize(request.authorizationUri());
			String code = FakeLogto.parseQuery(URI.create(callback).getRawQuery()).get("code");
			this.client.handleSignInCallback(callback).block(TIMEOUT);
			LogtoSession session = this.binding.current();
			assertThat(appender.list).isNotEmpty();
			List<String> secrets = List.of(code, transaction.codeVerifier(), transaction.nonce(), request.state(),
					session.idToken(), session.refreshToken(), session.accessToken(TokenKey.DEFAULT).token(),
					FakeLogto.APP_SECRET, FakeLogto.encode(FakeLogto.APP_SECRET));
			for (ch.qos.logback.classic.spi.ILoggingEvent event : appender.list) {
				for (String secret : secrets) {
					assertThat(event.getFormattedMessage()).doesNotContain(secret);
				}
			}
		}
		finally {
			logger.detachAppender(appender);
		}
	}

	@Test
	void getIdTokenClaimsWhenSignedInThenLogtoClaimsDecoded() {
		SignInRequest request = signIn();
		this.client.handleSignInCallback(this.logto.authorize(request.authorizationUri())).block(TIMEOUT);
		StepVerifier.create(this.client.getIdTokenClaims()).assertNext(claims -> {
			assertThat(claims.sub()).isEqualTo("user-1");
			assertThat(claims.iss()).isEqualTo(this.logto.issuer());
			assertThat(claims.aud()).containsExactly(FakeLogto.APP_ID);
			assertThat(claims.name()).isEqualTo("Ada Lovelace");
			assertThat(claims.picture()).isNull();
			assertThat(claims.claims()).containsKey("picture");
			assertThat(claims.email()).isEqualTo("ada@example.com");
			assertThat(claims.emailVerified()).isTrue();
			assertThat(claims.createdAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
			assertThat(claims.sid()).isEqualTo("sid-1");
		}).verifyComplete();
		StepVerifier.create(this.client.isAuthenticated()).expectNext(true).verifyComplete();
		StepVerifier.create(this.client.getIdToken()).expectNext(this.binding.current().idToken()).verifyComplete();
		StepVerifier.create(this.client.getRefreshToken()).expectNext(this.binding.current().refreshToken())
			.verifyComplete();
	}

	@Test
	void getIdTokenClaimsWhenNotSignedInThenNotAuthenticated() {
		StepVerifier.create(this.client.isAuthenticated()).expectNext(false).verifyComplete();
		StepVerifier.create(this.client.getIdTokenClaims()).expectError(NotAuthenticatedException.class).verify(TIMEOUT);
		StepVerifier.create(this.client.getIdToken()).expectError(NotAuthenticatedException.class).verify(TIMEOUT);
		signIn();
		StepVerifier.create(this.client.isAuthenticated()).expectNext(false).verifyComplete();
		StepVerifier.create(this.client.getRefreshToken()).expectError(NotAuthenticatedException.class)
			.verify(TIMEOUT);
	}

	@Test
	void getRefreshTokenWhenLogtoIssuedNoneThenEmpty() {
		this.logto.tokenResponse = body -> body.remove("refresh_token");
		SignInRequest request = signIn();
		this.client.handleSignInCallback(this.logto.authorize(request.authorizationUri())).block(TIMEOUT);
		StepVerifier.create(this.client.getRefreshToken()).verifyComplete();
	}

	@Test
	void engineWhenBuiltThenNoIoAndComponentsReachable() {
		LogtoEngine fresh = engine(this.logto.config().build());
		EngineComponents components = EngineComponents.of(fresh);
		assertThat(components.config()).isEqualTo(fresh.config());
		assertThat(components.clock()).isSameAs(this.clock);
		assertThat(components.tokenEndpoint()).isNotNull();
		assertThat(this.server.getRequestCount()).isZero();
		StepVerifier.create(components.idTokenVerifier().verify(this.logto.mintIdToken(null), null))
			.assertNext(claims -> assertThat(claims.sub()).isEqualTo("user-1"))
			.verifyComplete();
	}

	@ParameterizedTest
	@ValueSource(strings = { "client_id", "redirect_uri", "response_type", "response_mode", "scope", "resource",
			"prompt", "state", "nonce", "code_challenge", "code_challenge_method", "request", "request_uri",
			"first_screen", "identifier", "direct_sign_in", "login_hint", "one_time_token", "ui_locales",
			"organization_id", "interaction_mode", " " })
	void signInOptionsWhenExtraParamOverridesProtocolThenIllegalArgument(String name) {
		SignInOptions.Builder builder = SignInOptions.builder(REDIRECT).extraParam(name, "x");
		assertThatIllegalArgumentException().isThrownBy(builder::build).withMessageContaining("extraParams");
	}

	@ParameterizedTest
	@ValueSource(strings = { "//evil.example.com/x", "https://evil.example.com/", "http://app.example.com/x",
			"https://app.example.com:8443/x", "/\\evil.example.com", "javascript:alert(1)", "dashboard", "/a\nb" })
	void signInOptionsWhenPostRedirectLeavesSiteThenIllegalArgument(String postRedirect) {
		SignInOptions.Builder builder = SignInOptions.builder(REDIRECT).postRedirectUri(postRedirect);
		assertThatIllegalArgumentException().isThrownBy(builder::build);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/dashboard", "/a/b?c=d#e", "https://app.example.com/x", "https://APP.example.com:443/" })
	void signInOptionsWhenPostRedirectOnSiteThenAccepted(String postRedirect) {
		assertThat(SignInOptions.builder(REDIRECT).postRedirectUri(postRedirect).build().postRedirectUri())
			.isEqualTo(postRedirect);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/logto/callback", "app.example.com/cb", "ftp://app.example.com/cb",
			"https://app.example.com/cb#frag", "https://exa mple.com/cb" })
	void signInOptionsWhenRedirectUriNotAbsoluteHttpThenIllegalArgument(String redirectUri) {
		assertThatIllegalArgumentException().isThrownBy(() -> SignInOptions.builder(redirectUri));
	}
}
