package io.github.logtoreactive.internal.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.support.TestSessionBinding;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refreshes of one session run one after the other, each with the refresh token the previous one returned, also
 * when a caller arrives while the lane's first refresh has finished and its second is still running: it waits for the
 * second, rather than presenting the refresh token the second is consuming. Each token request is held until the test
 * releases it.
 */
@Timeout(30)
class QueuedRefreshTests {

	private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

	private final TestClock clock = new TestClock(START);

	private final GatedEndpoint endpoint = new GatedEndpoint(
			new LogtoLikeTokenEndpoint(this.clock, Duration.ZERO, "rt-0"));

	private final LogtoSession session = LogtoSession.create("session-1", START)
		.withTokens("id.token", "rt-0")
		.withAccessToken(TokenKey.DEFAULT,
				new AccessToken("opaque-0", "openid", START.minusSeconds(7200), START.minusSeconds(3600)));

	@AfterEach
	void releaseAll() {
		this.endpoint.released.forEach(Sinks.Empty::tryEmitEmpty);
	}

	@Test
	void obtainWhenAKeyIsAskedWhileTheLanesSecondRefreshRunsThenItWaitsAndPresentsTheTokenTheSecondReturned()
			throws Exception {
		LogtoConfig config = LogtoConfig.builder()
			.endpoint("https://logto.example")
			.appId("app")
			.appSecret("secret")
			.build();
		RefreshCoordinator coordinator = new RefreshCoordinator(this.endpoint, Mono::just, config, this.clock,
				Schedulers.parallel());

		CompletableFuture<LogtoSession> first = obtain(coordinator, TokenKey.resource("https://a.example"));
		Call firstCall = this.endpoint.nextCall();
		CompletableFuture<LogtoSession> second = obtain(coordinator, TokenKey.resource("https://b.example"));
		firstCall.release();
		Call secondCall = this.endpoint.nextCall();
		CompletableFuture<LogtoSession> third = obtain(coordinator, TokenKey.resource("https://c.example"));
		secondCall.release();
		Call thirdCall = this.endpoint.nextCall();
		thirdCall.release();

		assertThat(List.of(firstCall.refreshToken, secondCall.refreshToken, thirdCall.refreshToken))
			.as("each refresh presents the token the one before it returned").containsExactly("rt-0", "rt-1", "rt-2");
		assertThat(third.get(5, TimeUnit.SECONDS).refreshToken()).isEqualTo("rt-3");
		assertThat(first.get(5, TimeUnit.SECONDS).isAuthenticated()).isTrue();
		assertThat(second.get(5, TimeUnit.SECONDS).isAuthenticated()).isTrue();
	}

	private CompletableFuture<LogtoSession> obtain(RefreshCoordinator coordinator, TokenKey key) {
		return coordinator.obtain(this.session, key, false, new TestSessionBinding(this.session), null).toFuture();
	}

	/** One token request, held until {@link #release()}. */
	private record Call(String refreshToken, Sinks.Empty<Void> gate) {

		void release() {
			this.gate.tryEmitEmpty();
		}
	}

	/** Holds every refresh until the test releases it; the other grants are not used here. */
	private static final class GatedEndpoint implements TokenEndpoint {

		private final TokenEndpoint delegate;

		private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

		final List<Sinks.Empty<Void>> released = new ArrayList<>();

		GatedEndpoint(TokenEndpoint delegate) {
			this.delegate = delegate;
		}

		Call nextCall() throws InterruptedException {
			Call call = this.calls.poll(5, TimeUnit.SECONDS);
			assertThat(call).as("a token request").isNotNull();
			return call;
		}

		@Override
		public Mono<TokenResponse> refresh(String refreshToken, @Nullable String resource,
				@Nullable String organizationId) {
			Sinks.Empty<Void> gate = Sinks.empty();
			synchronized (this.released) {
				this.released.add(gate);
			}
			this.calls.add(new Call(refreshToken, gate));
			return gate.asMono().then(this.delegate.refresh(refreshToken, resource, organizationId));
		}

		@Override
		public Mono<TokenResponse> exchangeAuthorizationCode(String code, String codeVerifier, String redirectUri) {
			return this.delegate.exchangeAuthorizationCode(code, codeVerifier, redirectUri);
		}

		@Override
		public Mono<TokenResponse> clientCredentials(String clientId, String clientSecret, @Nullable String resource,
				@Nullable String organizationId, @Nullable String scope) {
			return this.delegate.clientCredentials(clientId, clientSecret, resource, organizationId, scope);
		}

		@Override
		public Mono<Void> revoke(String token, String tokenTypeHint) {
			return this.delegate.revoke(token, tokenTypeHint);
		}
	}
}
