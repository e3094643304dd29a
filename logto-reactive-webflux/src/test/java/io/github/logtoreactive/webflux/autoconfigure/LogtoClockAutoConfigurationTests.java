package io.github.logtoreactive.webflux.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.EncodedSessionCookie;
import io.github.logtoreactive.store.InMemorySessionStore;
import io.github.logtoreactive.store.RedisServerHarness;
import io.github.logtoreactive.store.RedisSessionStore;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.webflux.LogtoReactive;
import io.github.logtoreactive.webflux.LogtoWebFilter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@link Clock} for the engine, the filter and the session stores: {@link Clock#systemUTC()} by default, the
 * application's own {@code Clock} bean when it defines one. Observed through what each decides from the time: token
 * freshness, cookie lifetimes, session timeouts, Redis expiry. The sessions below were created in 2020, so on the system
 * clock they would all be past their absolute timeout.
 */
@Timeout(60)
class LogtoClockAutoConfigurationTests {

	private static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	/** When the user signed in. */
	private static final Instant CREATED = Instant.parse("2020-03-01T10:00:00Z");

	/** The application's time: 20 days after sign-in, so 10 days remain of the 30-day absolute timeout. */
	private static final Instant NOW = CREATED.plus(Duration.ofDays(20));

	private static final Duration LEFT = Duration.ofDays(10);

	/** When the browser's cookie was last written: past an eighth of the 14-day idle timeout, so it is renewed. */
	private static final Instant WRITTEN = NOW.minus(Duration.ofDays(2));

	private final TestClock clock = new TestClock(NOW);

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LogtoReactiveAutoConfiguration.class))
		.withPropertyValues("logto.endpoint=http://127.0.0.1:1", "logto.app-id=app", "logto.app-secret=secret",
				"logto.cookie.secret=" + SECRET, "logto.cookie.secure=false", "logto.protected-paths=/api/**");

	@Test
	void whenTheApplicationHasNoClockThenOneSystemClockIsShared() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed().hasSingleBean(Clock.class);
			assertThat(context.getBean(Clock.class)).isEqualTo(Clock.systemUTC());
		});
	}

	@Test
	void whenTheApplicationHasItsOwnClockThenTheFilterAndTheEngineFollowIt() {
		this.runner.withBean(Clock.class, () -> this.clock).run(context -> {
			assertThat(context).hasSingleBean(Clock.class);
			WebTestClient client = WebTestClient
				.bindToWebHandler(exchange -> answerWithAccessToken(LogtoReactive.client(exchange))
					.flatMap(token -> exchange.getResponse()
						.writeWith(Mono.just(exchange.getResponse().bufferFactory()
							.wrap(token.getBytes(StandardCharsets.UTF_8))))))
				.webFilter(context.getBean(LogtoWebFilter.class))
				.build();
			MultiValueMap<String, String> cookies = sessionCookies(context.getBean(SessionCookieCodec.class));

			client.get().uri("/api/token").cookies(c -> c.addAll(cookies)).exchange()
				.expectStatus().isOk()
				// The engine finds the cached token fresh (it expires in an hour): no refresh, no Logto call.
				.expectBody(String.class).isEqualTo("opaque-1")
				.consumeWith(result -> {
					// The filter renews the cookie until the session's absolute timeout, 10 days from its clock.
					List<ResponseCookie> session = result.getResponseCookies().get(cookies.keySet().iterator().next());
					assertThat(session).singleElement()
						.satisfies(cookie -> assertThat(cookie.getMaxAge()).isEqualTo(LEFT));
				});

			this.clock.advance(LEFT);
			client.get().uri("/api/token").cookies(c -> c.addAll(cookies)).exchange()
				.expectStatus().isUnauthorized();
		});
	}

	@Test
	void whenTheApplicationHasItsOwnClockThenTheMemoryStoreFollowsIt() {
		this.runner.withBean(Clock.class, () -> this.clock).withPropertyValues("logto.session.store=memory")
			.run(context -> {
				SessionStore store = context.getBean(InMemorySessionStore.class);
				LogtoSession session = signedIn();
				assertThat(store.save(session, SessionStore.ABSENT).block()).isTrue();
				assertThat(store.load(session.id()).block()).isNotNull();

				this.clock.advance(LEFT);
				assertThat(store.load(session.id()).block()).as("over on the application's clock").isNull();
			});
	}

	@Test
	void whenTheApplicationHasItsOwnClockThenRedisExpiresSessionsOnIt() {
		try (RedisServerHarness redis = RedisServerHarness.start()) {
			this.runner.withBean(Clock.class, () -> this.clock)
				.withPropertyValues("logto.session.store=redis", "logto.session.redis-url=" + redis.uri(),
						"logto.session.redis-timeout=10s")
				.run(context -> {
					SessionStore store = context.getBean(RedisSessionStore.class);
					LogtoSession session = signedIn();
					assertThat(store.save(session, SessionStore.ABSENT).block()).isTrue();

					try (StatefulRedisConnection<String, String> connection = context.getBean(RedisClient.class)
						.connect(RedisURI.create(redis.uri()))) {
						// What is left of the absolute timeout on the application's clock (less than the idle timeout).
						assertThat(connection.sync().pttl("logto:session:" + session.id()))
							.isBetween(LEFT.minusMinutes(1).toMillis(), LEFT.toMillis());
					}
				});
		}
	}

	private static Mono<String> answerWithAccessToken(LogtoClient client) {
		return client.getAccessToken();
	}

	private static LogtoSession signedIn() {
		return LogtoSession.create("session-1", CREATED)
			.withTokens("id.token", "rt-1")
			.withAccessToken(TokenKey.DEFAULT,
					new AccessToken("opaque-1", "openid", NOW.minusSeconds(3600), NOW.plusSeconds(3600)));
	}

	/** The browser's cookie, last written two days ago on the application's clock. */
	private static MultiValueMap<String, String> sessionCookies(SessionCookieCodec codec) {
		assertThat(codec.settings().absoluteTimeout()).isEqualTo(Duration.ofDays(30));
		EncodedSessionCookie encoded = codec.encode(signedIn(), WRITTEN);
		MultiValueMap<String, String> cookies = new LinkedMultiValueMap<>();
		for (int i = 0; i < encoded.chunkCount(); i++) {
			cookies.add(encoded.names().get(i), encoded.values().get(i));
		}
		return cookies;
	}
}
