package io.github.logtoreactive.web;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The back-channel logout route: a logout token Logto posts to one instance ends the sessions it names on every
 * instance sharing the record of ended sessions; every refused token is a 400 JSON answer, never a 500.
 */
@Timeout(60)
class BackchannelLogoutTests {

	private static final Duration TIMEOUT = ApplicationInstances.TIMEOUT;

	private static final String EVENT = ApplicationInstances.BACKCHANNEL_LOGOUT_EVENT;

	@AutoClose
	final ApplicationInstances app = ApplicationInstances.inMemory();

	final TestClock clock = this.app.clock;

	final FakeLogto logto = this.app.logto;

	final RequestSessions a = this.app.cookieInstance();

	final RequestSessions b = this.app.cookieInstance();

	final LogtoRouteHandler routesOfA = LogtoRouteHandler.builder().sessions(this.a).build();

	private Map<String, String> signedInCookies(Consumer<Map<String, @Nullable Object>> idTokenClaims) {
		this.logto.idTokenClaims = idTokenClaims;
		LogtoSession session = LogtoSession.create(SessionIdCookieCodec.newSessionId(), this.clock.instant())
			.withTokens(this.logto.mintIdToken(null), "rt-1");
		return this.app.cookiesOf(session);
	}

	private boolean signedInOn(RequestSessions instance, Map<String, String> cookies) {
		return ApplicationInstances.signedIn(instance, cookies);
	}

	private Map<String, Object> claims() {
		return this.app.logoutTokenClaims();
	}

	private static String sign(Map<String, Object> claims, ECKey key, @Nullable String typ) {
		return ApplicationInstances.signLogoutToken(claims, key, typ);
	}

	private String token(Consumer<Map<String, Object>> change) {
		return this.app.logoutToken(change);
	}

	private HttpAnswer post(@Nullable String logoutToken) {
		TestRouteRequest request = new TestRouteRequest("POST", "http://localhost:8080/logto/backchannel-logout");
		if (logoutToken != null) {
			request.form("logout_token", logoutToken);
		}
		LogtoRoutes.Route route = this.routesOfA.routes().match(request.method(), request.path());
		assertThat(route).isEqualTo(LogtoRoutes.Route.BACKCHANNEL_LOGOUT);
		return this.routesOfA.handle(route, request, this.a.open(Map.of()).client()).block(TIMEOUT);
	}

	private void assertRefused(HttpAnswer answer, String why) {
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.contentType()).startsWith("application/json");
		Map<String, Object> body;
		try {
			body = JSONObjectUtils.parse(answer.body());
		}
		catch (java.text.ParseException ex) {
			throw new AssertionError(ex);
		}
		assertThat(body).containsEntry("error", "invalid_request");
		assertThat((String) body.get("error_description")).contains(why);
	}

	@Test
	void aLogoutTokenReceivedByOneInstanceEndsTheSessionOfItsSidOnAnother() {
		Map<String, String> ended = signedInCookies(claims -> claims.put("sid", "sid-1"));
		Map<String, String> otherLogtoSession = signedInCookies(claims -> claims.put("sid", "sid-2"));
		assertThat(signedInOn(this.b, ended)).isTrue();

		HttpAnswer answer = post(token(claims -> {
		}));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).isNull();
		assertThat(signedInOn(this.b, ended)).isFalse();
		assertThat(signedInOn(this.a, ended)).isFalse();
		assertThat(signedInOn(this.b, otherLogtoSession)).as("another Logto session of the user").isTrue();
	}

	@Test
	void aLogoutTokenWithoutSidEndsEverySessionOfItsSubjectStartedBeforeIt() {
		Map<String, String> first = signedInCookies(claims -> claims.put("sid", "sid-1"));
		Map<String, String> second = signedInCookies(claims -> claims.put("sid", "sid-2"));
		Map<String, String> otherUser = signedInCookies(claims -> claims.put("sub", "user-2"));

		assertThat(post(token(claims -> claims.remove("sid"))).status()).isEqualTo(200);

		assertThat(signedInOn(this.b, first)).isFalse();
		assertThat(signedInOn(this.b, second)).isFalse();
		assertThat(signedInOn(this.b, otherUser)).isTrue();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(signedInOn(this.b, signedInCookies(claims -> claims.put("sid", "sid-3"))))
			.as("a sign-in after the logout").isTrue();
	}

	@Test
	void aLogoutTokenWithoutTypIsAccepted() {
		Map<String, String> cookies = signedInCookies(claims -> {
		});

		assertThat(post(sign(claims(), FakeLogto.EC_KEY, null)).status()).isEqualTo(200);
		assertThat(signedInOn(this.b, cookies)).isFalse();
	}

	@Test
	void aReplayedLogoutTokenIsRefused() {
		String token = token(claims -> {
		});
		assertThat(post(token).status()).isEqualTo(200);

		assertRefused(post(token), "used before");
	}

	@Test
	void aForgedLogoutTokenIsRefusedAndEndsNothing() {
		Map<String, String> cookies = signedInCookies(claims -> {
		});
		Map<String, Object> claims = claims();
		ECKey forger = new ECKey.Builder(FakeLogto.OTHER_EC_KEY).keyID(FakeLogto.EC_KEY.getKeyID()).build();

		assertRefused(post(sign(claims, forger, "logout+jwt")), "signature");
		assertThat(signedInOn(this.b, cookies)).isTrue();
	}

	@Test
	void anExpiredLogoutTokenIsRefused() {
		String token = token(claims -> {
		});
		this.clock.advance(Duration.ofSeconds(120).plus(Duration.ofSeconds(60)));

		assertRefused(post(token), "expired");
	}

	@Test
	void aLogoutTokenIssuedInTheFutureIsRefused() {
		assertRefused(post(token(claims -> claims.put("iat", this.clock.instant().getEpochSecond() + 600))),
				"future");
	}

	@Test
	void aLogoutTokenForAnotherApplicationIsRefused() {
		assertRefused(post(token(claims -> claims.put("aud", "another-app"))), "audience");
	}

	@Test
	void aLogoutTokenOfAnotherIssuerIsRefused() {
		assertRefused(post(token(claims -> claims.put("iss", "https://evil.example/oidc"))), "issuer");
	}

	@Test
	void aLogoutTokenCarryingANonceIsRefused() {
		assertRefused(post(token(claims -> claims.put("nonce", "n-1"))), "nonce");
	}

	@Test
	void aLogoutTokenWithoutTheLogoutEventIsRefused() {
		assertRefused(post(token(claims -> claims.remove("events"))), "event");
		assertRefused(post(token(claims -> claims.put("events", Map.of("other", Map.of())))), "event");
		assertRefused(post(token(claims -> claims.put("events", Map.of(EVENT, "yes")))), "event");
	}

	@Test
	void aLogoutTokenWithoutJtiOrWithoutSidAndSubIsRefused() {
		assertRefused(post(token(claims -> claims.remove("jti"))), "jti");
		assertRefused(post(token(claims -> {
			claims.remove("sid");
			claims.remove("sub");
		})), "neither sid nor sub");
	}

	@Test
	void aTokenOfAnotherTypeIsRefused() {
		assertRefused(post(sign(claims(), FakeLogto.EC_KEY, "JWT")), "typ");
	}

	@Test
	void aRequestWithoutTokenOrWithGarbageIsRefused() {
		assertRefused(post(null), "no logout_token");
		assertRefused(post("not-a-jwt"), "not a signed JWT");
	}

	@Test
	void theRouteOnlyAnswersPostAndIsOffWithoutSessions() {
		assertThat(this.routesOfA.routes().match("GET", "/logto/backchannel-logout")).isNull();
		assertThat(LogtoRouteHandler.builder().build().routes().match("POST", "/logto/backchannel-logout")).isNull();
		assertThat(LogtoRouteHandler.builder()
			.routes(LogtoRoutes.builder().backchannelLogout(null).build())
			.sessions(this.a)
			.build()
			.routes()
			.match("POST", "/logto/backchannel-logout")).isNull();
	}

	@Test
	void theRouteNeedsNoSameOriginRequestHeaders() {
		TestRouteRequest request = new TestRouteRequest("POST", "http://localhost:8080/logto/backchannel-logout")
			.header("Origin", "https://logto.example", "Sec-Fetch-Site", "cross-site")
			.form("logout_token", token(claims -> {
			}));

		HttpAnswer answer = this.routesOfA.handle(LogtoRoutes.Route.BACKCHANNEL_LOGOUT, request,
				this.a.open(Map.of()).client()).block(TIMEOUT);

		assertThat(answer.status()).isEqualTo(200);
	}

	@Test
	void logtoKeysUnreachableIsAnsweredWithoutA500() {
		this.logto.jwksHandler = request -> FakeLogto.json(503, Map.of("error", "server_error"));
		String token = token(claims -> claims.put("sid", "sid-9"));

		HttpAnswer answer = post(token);

		assertThat(answer.status()).as("Logto failed, not the token: nothing acknowledged").isEqualTo(502);
		assertThat(answer.contentType()).startsWith("application/json");
	}
}
