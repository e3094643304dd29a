package io.github.logtoreactive.test.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.logtoreactive.ContextOptions;
import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.IdTokenVerificationException;
import io.github.logtoreactive.IdTokenVerificationException.Reason;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.UserInfoException;
import io.github.logtoreactive.test.Endpoint;
import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.MutableClock;
import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.TestTenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The core client's flows against the embedded {@link LogtoTestServer}: a fresh server per test (it starts in
 * milliseconds), whose {@link MutableClock} is the engine's clock too, and whose request counters prove how many token
 * requests the client made. Plus the cases only its fault injection can set up: a provider answering for another
 * subject.
 */
class EmbeddedServerFlowTests extends CoreClientFlowSpec {

	private LogtoTestServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Test
	void fetchUserInfoWhenTheProviderAnswersForAnotherSubjectThenUserInfoExceptionAndNoUserInfo() {
		start();
		signIn();
		this.server.faults().userinfoSubject("user-2");

		StepVerifier.create(this.client.fetchUserInfo())
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(UserInfoException.class,
					info -> assertThat(info.code()).isEqualTo("userinfo.subject_mismatch")))
			.verify(TIMEOUT);
		StepVerifier.create(this.client.getContext(ContextOptions.builder().fetchUserInfo(true).build()))
			.expectError(UserInfoException.class)
			.verify(TIMEOUT);
	}

	@Test
	void getAccessTokenWhenTheRefreshReturnsAnIdTokenOfAnotherSubjectThenSubjectMismatchAndTheSessionKeepsItsTokens() {
		start();
		signIn();
		LogtoSession before = session();
		this.server.faults().idTokenSubject("user-2");

		StepVerifier.create(this.client.getAccessToken(API).map(CoreClientFlowSpec::fingerprint))
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(
					IdTokenVerificationException.class,
					verification -> assertThat(verification.reason()).isEqualTo(Reason.SUBJECT_MISMATCH)))
			.verify(TIMEOUT);

		assertThat(this.server.requestCount(Endpoint.TOKEN)).as("code exchange, one refresh").isEqualTo(2);
		assertThat(session()).as("nothing of the response is kept").isEqualTo(before);
		assertThat(session().accessToken(TokenKey.resource(API))).isNull();
		StepVerifier.create(this.client.getIdTokenClaims().map(IdTokenClaims::sub))
			.expectNext("user-1")
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Override
	protected FlowPeer peer(RefreshTokenRotation rotation) {
		MutableClock clock = MutableClock.startingNow();
		LogtoTestServer started = LogtoTestServer.builder()
			.tenant(TestTenant.sample())
			.autoLogin("user-1")
			.refreshTokenRotation(rotation)
			.clock(clock)
			.build()
			.start();
		this.server = started;
		return FlowPeer.embedded(started, clock);
	}
}
