package io.github.logtoreactive.webflux.security;

import java.time.Duration;
import java.util.List;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoSigningKeys;
import io.github.logtoreactive.LogtoTransportException;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The decoder accepts exactly Logto access tokens for this API: signature by the tenant's key (found by {@code kid},
 * refetched after a rotation), {@code typ at+jwt}, issuer, audience, expiry with tolerance.
 */
@Timeout(30)
class LogtoJwtDecodersTests {

	private static final String API = "https://api.example.com";

	@StartStop
	final MockWebServer server = new MockWebServer();

	final TestClock clock = TestClock.startingNow();

	FakeLogto logto;

	ReactiveJwtDecoder decoder;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, this.clock);
		this.logto.publishedKeys = List.of(FakeLogto.EC_KEY, FakeLogto.RSA_KEY);
		this.decoder = decoder(false);
	}

	private ReactiveJwtDecoder decoder(boolean organizationTokens) {
		LogtoSigningKeys keys = LogtoSigningKeys.builder(this.logto.endpoint())
			.clock(this.clock)
			.refetchInterval(Duration.ZERO)
			.build();
		return LogtoJwtDecoders.builder(keys)
			.audiences(API)
			.organizationTokens(organizationTokens)
			.clockTolerance(Duration.ofSeconds(30))
			.clock(this.clock)
			.build();
	}

	private AccessTokens token() {
		return AccessTokens.of(this.logto.issuer(), API, FakeLogto.EC_KEY, this.clock.instant());
	}

	private void refused(String token) {
		StepVerifier.create(this.decoder.decode(token)).expectError(BadJwtException.class).verify();
	}

	@Test
	void logtoAccessTokenForThisApiThenDecoded() {
		StepVerifier.create(this.decoder.decode(token().sign()))
			.assertNext(jwt -> {
				assertThat(jwt.getSubject()).isEqualTo("user-1");
				assertThat(jwt.getAudience()).containsExactly(API);
				assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt");
			})
			.verifyComplete();
	}

	@Test
	void rs256TokenThenDecoded() {
		StepVerifier.create(this.decoder.decode(token().key(FakeLogto.RSA_KEY).sign())).expectNextCount(1)
			.verifyComplete();
	}

	@Test
	void wrongAudienceThenRefused() {
		refused(token().claim("aud", "https://other.example.com").sign());
		refused(token().claim("aud", "urn:logto:organization:org-1").sign());
	}

	@Test
	void wrongIssuerThenRefused() {
		refused(token().claim("iss", "https://evil.example.com/oidc").sign());
	}

	@Test
	void idTokenOrOtherTypeThenRefused() {
		refused(token().type(null).sign());
		refused(token().type("JWT").sign());
		refused(token().type("logout+jwt").sign());
	}

	@Test
	void expiredBeyondToleranceThenRefusedWithinToleranceAccepted() {
		String token = token().claim("exp", this.clock.instant().plusSeconds(10).getEpochSecond()).sign();
		this.clock.advance(Duration.ofSeconds(30));
		StepVerifier.create(this.decoder.decode(token)).expectNextCount(1).verifyComplete();
		this.clock.advance(Duration.ofSeconds(20));
		refused(token);
		refused(token().without("exp").sign());
	}

	@Test
	void unknownKidThenRefusedAfterOneRefetch() {
		StepVerifier.create(this.decoder.decode(token().sign())).expectNextCount(1).verifyComplete();
		int before = this.logto.jwksCount();
		refused(token().key(FakeLogto.OTHER_EC_KEY).sign());
		assertThat(this.logto.jwksCount()).isEqualTo(before + 1);
	}

	@Test
	void rotatedKeyThenAcceptedAfterRefetch() {
		StepVerifier.create(this.decoder.decode(token().sign())).expectNextCount(1).verifyComplete();
		this.logto.publishedKeys = List.of(FakeLogto.OTHER_EC_KEY);
		StepVerifier.create(this.decoder.decode(token().key(FakeLogto.OTHER_EC_KEY).sign())).expectNextCount(1)
			.verifyComplete();
	}

	@Test
	void forgedSignatureOrUnsignedThenRefused() {
		String token = token().sign();
		String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
		refused(forged);
		refused(new com.nimbusds.jwt.PlainJWT(new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("user-1").build())
			.serialize());
	}

	@Test
	void organizationTokensWhenAcceptedThenAnyOrganizationAudience() {
		this.decoder = decoder(true);
		StepVerifier.create(this.decoder.decode(token().claim("aud", "urn:logto:organization:org-1").sign()))
			.assertNext(jwt -> assertThat(LogtoJwtAuthenticationConverter.organizationId(jwt)).isEqualTo("org-1"))
			.verifyComplete();
		refused(token().claim("aud", "urn:logto:organization:").sign());
	}

	@Test
	void keysUnreachableThenJwtExceptionWithTheLogtoCause() {
		this.logto.jwksHandler = request -> new MockResponse.Builder().code(503).build();
		StepVerifier.create(this.decoder.decode(token().sign()))
			.expectErrorSatisfies(ex -> {
				assertThat(ex).isInstanceOf(JwtException.class).isNotInstanceOf(BadJwtException.class);
				assertThat(ex).hasRootCauseInstanceOf(LogtoTransportException.class);
			})
			.verify();
	}

	@Test
	void noAudienceThenConfigurationErrorNamingIt() {
		LogtoSigningKeys keys = LogtoSigningKeys.builder(this.logto.endpoint()).build();
		assertThatThrownBy(() -> LogtoJwtDecoders.builder(keys).build())
			.isInstanceOf(LogtoConfigurationException.class)
			.hasMessageContaining("audiences");
	}

	@Test
	void converterMapsScopesAndOrganization() {
		Jwt jwt = this.decoder.decode(token().claim("organization_id", "org-2").sign()).block();
		assertThat(new LogtoJwtAuthenticationConverter(LogtoAuthoritiesMapper.defaults()).convert(jwt).block()
			.getAuthorities()).extracting(Object::toString)
			.containsExactlyInAnyOrder("SCOPE_read", "SCOPE_write", "ORG_org-2");
	}
}
