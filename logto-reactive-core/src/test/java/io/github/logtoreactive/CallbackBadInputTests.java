package io.github.logtoreactive;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.SignedJWT;
import io.github.logtoreactive.IdTokenVerificationException.Reason;
import io.github.logtoreactive.internal.EngineComponents;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.LogtoExceptionSamples;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.support.TestSessionBinding;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a sign-in callback can go wrong: each case asserts the exact typed error and that the session is exactly
 * what it was before the callback (except that an expired transaction is removed).
 */
@Timeout(20)
class CallbackBadInputTests {

	static final String REDIRECT = "https://app.example.com/logto/callback";

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	Ctx ctx;

	@BeforeEach
	void setUp() {
		FakeLogto logto = new FakeLogto(this.server, this.clock);
		this.ctx = new Ctx(logto, this.clock, this.server);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void handleSignInCallbackWhenBadInputThenTypedErrorAndSessionUnchanged(Case c) {
		String callback = c.arrange().apply(this.ctx);
		LogtoSession before = this.ctx.binding.current();
		StepVerifier.create(this.ctx.client.handleSignInCallback(callback))
			.expectErrorSatisfies(c.expected())
			.verify(Duration.ofSeconds(5));
		LogtoSession expected = (c.removesTransaction() && before != null)
				? before.withoutTransaction(this.ctx.request.state()) : before;
		assertThat(this.ctx.binding.current()).isEqualTo(expected);
		this.ctx.afterwards.forEach(Runnable::run);
	}

	static Stream<Case> cases() {
		List<Case> cases = new ArrayList<>();
		// callback URL and transaction
		cases.add(new Case("missing state", c -> c.callback.replaceAll("&state=[^&]*", ""),
				callback(CallbackError.MISSING_STATE), false));
		cases.add(new Case("unknown state", c -> c.callback.replace(c.request.state(), "forged-state-value"),
				callback(CallbackError.STATE_MISMATCHED), false));
		cases.add(new Case("state differs in one character",
				c -> c.callback.replace("state=" + c.request.state(), "state=" + c.request.state() + "x"),
				callback(CallbackError.STATE_MISMATCHED), false));
		cases.add(new Case("user agent has no session", c -> {
			c.binding.set(null);
			return c.callback;
		}, callback(CallbackError.STATE_MISMATCHED), false));
		cases.add(new Case("expired transaction", c -> {
			c.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
			return c.callback;
		}, callback(CallbackError.TRANSACTION_EXPIRED), true));
		cases.add(new Case("replayed callback", c -> {
			c.client.handleSignInCallback(c.callback).block(Duration.ofSeconds(5));
			return c.callback;
		}, callback(CallbackError.STATE_MISMATCHED), false));
		cases.add(new Case("error=access_denied from Logto",
				c -> REDIRECT + "?error=access_denied&error_description=" + FakeLogto.encode("user said no")
						+ "&state=" + c.request.state() + "&iss=" + FakeLogto.encode(c.logto.issuer()),
				e -> assertThat(e).isInstanceOfSatisfying(CallbackValidationException.class, x -> {
					assertThat(x.error()).isEqualTo(CallbackError.ERROR_FOUND);
					assertThat(x.oauthError()).isEqualTo("access_denied");
					assertThat(x.oauthErrorDescription()).isEqualTo("user said no");
					assertThat(x.stateMatched()).isTrue();
					assertThat(LogtoHttpError.ofSignInCallback(x).message())
						.isEqualTo("Logto answered access_denied: user said no");
				}), false));
		cases.add(new Case("error without state", c -> REDIRECT + "?error=invalid_request",
				callback(CallbackError.ERROR_FOUND), false));
		cases.add(new Case("forged error link with a description and no state",
				c -> REDIRECT + "?error=access_denied&error_description=" + FakeLogto.encode(LogtoExceptionSamples.INJECTED),
				e -> assertThat(e).isInstanceOfSatisfying(CallbackValidationException.class, x -> {
					assertThat(x.error()).isEqualTo(CallbackError.ERROR_FOUND);
					assertThat(x.stateMatched()).isFalse();
					assertThat(LogtoHttpError.ofSignInCallback(x).message())
						.isEqualTo("The sign-in was cancelled or access was denied.");
				}), false));
		cases.add(new Case("forged error link with a description and an unknown state",
				c -> REDIRECT + "?error=access_denied&error_description=" + FakeLogto.encode(LogtoExceptionSamples.INJECTED)
						+ "&state=forged-state-value",
				e -> assertThat(e).isInstanceOfSatisfying(CallbackValidationException.class, x -> {
					assertThat(x.error()).isEqualTo(CallbackError.STATE_MISMATCHED);
					assertThat(x.stateMatched()).isFalse();
					assertThat(LogtoHttpError.ofSignInCallback(x).message()).doesNotContain(LogtoExceptionSamples.INJECTED);
				}), false));
		cases.add(new Case("redirect URI on another path",
				c -> c.callback.replace("/logto/callback?", "/logto/other?"),
				callback(CallbackError.REDIRECT_URI_MISMATCHED), false));
		cases.add(new Case("redirect URI path with a suffix (not a prefix match)",
				c -> c.callback.replace("/logto/callback?", "/logto/callback-evil?"),
				callback(CallbackError.REDIRECT_URI_MISMATCHED), false));
		cases.add(new Case("redirect URI on another host",
				c -> c.callback.replace("app.example.com", "evil.example.com"),
				callback(CallbackError.REDIRECT_URI_MISMATCHED), false));
		cases.add(new Case("redirect URI on another port",
				c -> c.callback.replace("app.example.com/", "app.example.com:8443/"),
				callback(CallbackError.REDIRECT_URI_MISMATCHED), false));
		cases.add(new Case("redirect URI with another scheme", c -> c.callback.replace("https://", "http://"),
				callback(CallbackError.REDIRECT_URI_MISMATCHED), false));
		cases.add(new Case("wrong iss parameter (RFC 9207)",
				c -> c.callback.replaceAll("&iss=[^&]*", "&iss=" + FakeLogto.encode("https://evil.example.com/oidc")),
				callback(CallbackError.ISSUER_MISMATCHED), false));
		cases.add(new Case("missing code", c -> c.callback.replaceAll("code=[^&]*&", ""),
				callback(CallbackError.MISSING_CODE), false));
		cases.add(new Case("empty code", c -> c.callback.replaceAll("code=[^&]*&", "code=&"),
				callback(CallbackError.MISSING_CODE), false));
		cases.add(new Case("malformed percent-encoding", c -> c.callback + "&x=%zz",
				callback(CallbackError.MALFORMED_URI), false));
		cases.add(new Case("unparsable callback URL", c -> "https://app.example.com/logto/callback?a=b c",
				callback(CallbackError.MALFORMED_URI), false));
		cases.add(new Case("relative callback URL", c -> c.callback.replace("https://app.example.com", ""),
				callback(CallbackError.MALFORMED_URI), false));
		cases.add(new Case("state parameter repeated", c -> c.callback + "&state=forged",
				callback(CallbackError.MALFORMED_URI), false));
		// ID token
		cases.add(new Case("ID token with alg none", idToken(CallbackBadInputTests::unsigned),
				idToken(Reason.ALGORITHM_NOT_ALLOWED), false));
		cases.add(new Case("ID token HS256-signed with the public key",
				idToken(CallbackBadInputTests::hmacWithPublicKey), idToken(Reason.ALGORITHM_NOT_ALLOWED), false));
		cases.add(new Case("ID token HS256 even when discovery lists HS256", c -> {
			c.logto.idTokenAlgorithms = List.of("ES384", "HS256");
			c.logto.idTokenOverride = CallbackBadInputTests::hmacWithPublicKey;
			return c.callback;
		}, idToken(Reason.ALGORITHM_NOT_ALLOWED), false));
		cases.add(new Case("ID token RS256 when only ES384 is advertised", c -> {
			c.logto.signingKey = FakeLogto.RSA_KEY;
			c.logto.publishedKeys = List.of(FakeLogto.EC_KEY, FakeLogto.RSA_KEY);
			return c.callback;
		}, idToken(Reason.ALGORITHM_NOT_ALLOWED), false));
		cases.add(new Case("ID token from another issuer", claims(m -> m.put("iss", "https://evil.example.com/oidc")),
				idToken(Reason.ISSUER_MISMATCH), false));
		cases.add(new Case("ID token without issuer", claims(m -> m.remove("iss")), idToken(Reason.ISSUER_MISMATCH),
				false));
		cases.add(new Case("ID token for another audience", claims(m -> m.put("aud", "another-app")),
				idToken(Reason.AUDIENCE_MISMATCH), false));
		cases.add(new Case("ID token audience array without this app",
				claims(m -> m.put("aud", List.of("a", "b"))), idToken(Reason.AUDIENCE_MISMATCH), false));
		cases.add(new Case("ID token authorized for another party (azp)", claims(m -> m.put("azp", "another-app")),
				idToken(Reason.AUDIENCE_MISMATCH), false));
		cases.add(new Case("expired ID token", c -> {
			c.logto.idTokenClaims = m -> {
				long now = c.clock.instant().getEpochSecond();
				m.put("iat", now - 7200);
				m.put("exp", now - 61);
			};
			return c.callback;
		}, idToken(Reason.EXPIRED), false));
		cases.add(new Case("ID token issued in the future",
				c -> withClaims(c, m -> m.put("iat", c.clock.instant().getEpochSecond() + 600)),
				idToken(Reason.ISSUED_IN_FUTURE), false));
		cases.add(new Case("ID token nonce mismatch", claims(m -> m.put("nonce", "another-nonce")),
				idToken(Reason.NONCE_MISMATCH), false));
		cases.add(new Case("ID token without nonce", claims(m -> m.remove("nonce")), idToken(Reason.NONCE_MISMATCH),
				false));
		cases.add(new Case("ID token without sub", claims(m -> m.remove("sub")), idToken(Reason.MISSING_CLAIM),
				false));
		cases.add(new Case("ID token with unknown kid after refetch", c -> {
			EngineComponents.of(c.engine).jwks().keys(null).block(Duration.ofSeconds(5));
			c.clock.advance(LogtoConfig.DEFAULT_JWKS_REFETCH_INTERVAL.plusSeconds(1));
			c.logto.signingKey = FakeLogto.OTHER_EC_KEY;
			c.afterwards.add(() -> assertThat(c.logto.jwksCount()).isEqualTo(2));
			return c.callback;
		}, idToken(Reason.UNKNOWN_KEY), false));
		cases.add(new Case("ID token with bad signature (another key, same kid)",
				idToken(token -> resign(token, FakeLogto.EC_KEY.getKeyID())), idToken(Reason.BAD_SIGNATURE), false));
		cases.add(new Case("ID token with tampered payload", idToken(CallbackBadInputTests::tamper),
				idToken(Reason.BAD_SIGNATURE), false));
		cases.add(new Case("malformed ID token", idToken(token -> "not-a-jwt"), idToken(Reason.MALFORMED), false));
		// token endpoint
		cases.add(new Case("token response is not JSON",
				token(new MockResponse.Builder().code(200).body("<html>ok</html>").build()),
				type(InvalidResponseException.class), false));
		cases.add(new Case("token response without id_token", c -> {
			c.logto.tokenResponse = body -> body.remove("id_token");
			return c.callback;
		}, type(InvalidResponseException.class), false));
		cases.add(new Case("token response without access_token", c -> {
			c.logto.tokenResponse = body -> body.remove("access_token");
			return c.callback;
		}, type(InvalidResponseException.class), false));
		cases.add(new Case("token response with negative expires_in", c -> {
			c.logto.tokenResponse = body -> body.put("expires_in", -5);
			return c.callback;
		}, type(InvalidResponseException.class), false));
		cases.add(new Case("400 invalid_grant with Logto's error body", token(new MockResponse.Builder().code(400)
			.setHeader("Content-Type", "application/json")
			.body("{\"code\":\"oidc.invalid_grant\",\"message\":\"Grant request is invalid.\","
					+ "\"error_uri\":\"https://openid.sh/debug/invalid_grant\",\"error\":\"invalid_grant\","
					+ "\"error_description\":\"grant request is invalid\"}")
			.build()), e -> assertThat(e).isInstanceOfSatisfying(TokenEndpointException.class, x -> {
				assertThat(x.status()).isEqualTo(400);
				assertThat(x.error()).isEqualTo("invalid_grant");
				assertThat(x.errorDescription()).isEqualTo("grant request is invalid");
				assertThat(x.logtoCode()).isEqualTo("oidc.invalid_grant");
			}), false));
		cases.add(new Case("401 invalid_client (wrong secret)", c -> {
			c.logto.secretExpected = "another secret";
			return c.callback;
		}, tokenEndpoint(401, "invalid_client"), false));
		cases.add(new Case("wrong PKCE verifier in the transaction", c -> {
			LogtoSession session = c.binding.current();
			SignInTransaction tx = session.transactions().get(c.request.state());
			c.binding.set(session.withTransaction(new SignInTransaction(tx.state(), "x".repeat(43), tx.nonce(),
					tx.redirectUri(), tx.postRedirectUri(), tx.createdAt())));
			return c.callback;
		}, tokenEndpoint(400, "invalid_grant"), false));
		cases.add(new Case("500 server_error",
				token(FakeLogto.json(500, FakeLogto.logtoError("server_error", "oops! something went wrong"))),
				tokenEndpoint(500, "server_error"), false));
		cases.add(new Case("502 from a proxy", token(new MockResponse.Builder().code(502).body("Bad Gateway").build()),
				tokenEndpoint(502, "http_error_502"), false));
		cases.add(new Case("token endpoint timeout", c -> {
			c.useEngine(b -> b.responseTimeout(Duration.ofMillis(300)));
			Function<mockwebserver3.RecordedRequest, MockResponse> handler = c.logto.tokenHandler;
			c.logto.tokenHandler = r -> new MockResponse.Builder(handler.apply(r)).headersDelay(2, TimeUnit.SECONDS)
				.build();
			return c.callback;
		}, e -> assertThat(e).isInstanceOfSatisfying(LogtoTransportException.class,
				x -> assertThat(x.isTimeout()).isTrue()), false));
		cases.add(new Case("discovery down at callback time", c -> {
			c.useEngine(b -> b);
			c.logto.discoveryHandler = r -> new MockResponse.Builder().code(503).build();
			return c.callback;
		}, type(LogtoTransportException.class), false));
		cases.add(new Case("JWKS is not JSON", c -> {
			c.logto.jwksHandler = r -> new MockResponse.Builder().code(200).body("nope").build();
			return c.callback;
		}, type(InvalidResponseException.class), false));
		return cases.stream();
	}

	// --- fixtures ---

	/** One scenario: a signed-in-to-be user agent with one pending sign-in and Logto's (valid) callback URL. */
	static final class Ctx {

		final FakeLogto logto;

		final TestClock clock;

		final TestSessionBinding binding = new TestSessionBinding();

		final List<Runnable> afterwards = new ArrayList<>();

		LogtoEngine engine;

		LogtoClient client;

		final SignInRequest request;

		final String callback;

		Ctx(FakeLogto logto, TestClock clock, MockWebServer server) {
			this.logto = logto;
			this.clock = clock;
			this.engine = LogtoEngine.builder(logto.config().build()).clock(clock).build();
			this.client = this.engine.client(this.binding);
			this.request = this.client.signIn(SignInOptions.builder(REDIRECT).postRedirectUri("/home").build())
				.block(Duration.ofSeconds(5));
			this.callback = logto.authorize(this.request.authorizationUri());
		}

		void useEngine(UnaryOperator<LogtoConfig.Builder> config) {
			this.engine = LogtoEngine.builder(config.apply(this.logto.config()).build()).clock(this.clock).build();
			this.client = this.engine.client(this.binding);
		}
	}

	record Case(String name, Function<Ctx, String> arrange, Consumer<Throwable> expected, boolean removesTransaction) {

		@Override
		public String toString() {
			return this.name;
		}
	}

	static Consumer<Throwable> callback(CallbackError error) {
		return e -> assertThat(e).isInstanceOfSatisfying(CallbackValidationException.class, x -> {
			assertThat(x.error()).isEqualTo(error);
			assertThat(x.code()).isEqualTo(error.code());
		});
	}

	static Consumer<Throwable> idToken(Reason reason) {
		return e -> assertThat(e).isInstanceOfSatisfying(IdTokenVerificationException.class, x -> {
			assertThat(x.reason()).isEqualTo(reason);
			assertThat(x.code()).isEqualTo("id_token." + reason.value());
		});
	}

	static Consumer<Throwable> tokenEndpoint(int status, String error) {
		return e -> assertThat(e).isInstanceOfSatisfying(TokenEndpointException.class, x -> {
			assertThat(x.status()).isEqualTo(status);
			assertThat(x.error()).isEqualTo(error);
			assertThat(x.code()).isEqualTo("token_endpoint." + error);
		});
	}

	static Consumer<Throwable> type(Class<? extends LogtoException> type) {
		return e -> assertThat(e).isExactlyInstanceOf(type);
	}

	static Function<Ctx, String> idToken(UnaryOperator<String> override) {
		return c -> {
			c.logto.idTokenOverride = override;
			return c.callback;
		};
	}

	static Function<Ctx, String> claims(Consumer<java.util.Map<String, @Nullable Object>> change) {
		return c -> withClaims(c, change);
	}

	static String withClaims(Ctx c, Consumer<java.util.Map<String, @Nullable Object>> change) {
		c.logto.idTokenClaims = change;
		return c.callback;
	}

	static Function<Ctx, String> token(MockResponse response) {
		return c -> {
			c.logto.tokenHandler = r -> response;
			return c.callback;
		};
	}

	static String unsigned(String token) {
		String header = Base64.getUrlEncoder().withoutPadding()
			.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
		return header + "." + token.split("\\.")[1] + ".";
	}

	static String hmacWithPublicKey(String token) {
		try {
			SignedJWT signed = SignedJWT.parse(token);
			JWSObject hmac = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256)
				.keyID(FakeLogto.EC_KEY.getKeyID())
				.build(), signed.getPayload());
			hmac.sign(new MACSigner(FakeLogto.EC_KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
			return hmac.serialize();
		}
		catch (ParseException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String resign(String token, String kid) {
		try {
			SignedJWT signed = SignedJWT.parse(token);
			JWSObject other = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(kid).build(),
					signed.getPayload());
			other.sign(new com.nimbusds.jose.crypto.ECDSASigner(FakeLogto.OTHER_EC_KEY));
			return other.serialize();
		}
		catch (ParseException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String tamper(String token) {
		String[] parts = token.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
			.replace("\"user-1\"", "\"admin\"");
		return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
			.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
	}
}
