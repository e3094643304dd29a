package io.github.logtoreactive.store;

import java.time.Duration;
import java.util.List;

import io.github.logtoreactive.LogtoConfigurationException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store package's value types and builders: equality, what their text shows (never a secret or a token), and
 * the settings each builder refuses.
 */
class StoreValueTypesTests {

	static final String SECRET = "kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA";

	static final String OTHER_SECRET = "Zq8wE3rT6yU1iO4pA7sD0fG2hJ5kL9xC";

	@Test
	void cookieSecretsWhenSameAppAndSecretsThenEqualAndTextHidesTheSecrets() {
		CookieSecrets secrets = CookieSecrets.of("app", SECRET, OTHER_SECRET);

		assertThat(secrets).isEqualTo(CookieSecrets.of("app", List.of(SECRET, OTHER_SECRET)))
			.hasSameHashCodeAs(CookieSecrets.of("app", SECRET, OTHER_SECRET))
			.isNotEqualTo(CookieSecrets.of("other-app", SECRET, OTHER_SECRET))
			.isNotEqualTo(CookieSecrets.of("app", OTHER_SECRET, SECRET))
			.isNotEqualTo(SECRET);
		assertThat(secrets.appId()).isEqualTo("app");
		assertThat(secrets.size()).isEqualTo(2);
		assertThat(secrets.toString()).doesNotContain(SECRET, OTHER_SECRET).contains("app", "2");
	}

	@Test
	void toStringWhenEncodedCookieOrDecodeResultThenShowsNeitherTheValueNorTheSession() {
		SessionCookieCodec codec = SessionCookieCodec.create(CookieSecrets.of(RealisticSessions.APP_ID, SECRET),
				SessionCookieSettings.defaults());
		EncodedSessionCookie encoded = codec.encode(RealisticSessions.issueSession(), RealisticSessions.NOW);
		CookieDecodeResult<?> decoded = codec.decode(encoded.values(), RealisticSessions.NOW);
		CookieDecodeResult<?> absent = codec.decode(List.of(), RealisticSessions.NOW);

		assertThat(encoded.toString()).isEqualTo("EncodedSessionCookie{chunks=" + encoded.chunkCount() + ", maxAge="
				+ SessionCookieSettings.defaults().maxAge() + "}");
		assertThat(decoded.toString()).isEqualTo("CookieDecodeResult{present}");
		assertThat(absent.toString()).isEqualTo("CookieDecodeResult{ABSENT}");
		assertThat(codec.metrics().toString()).startsWith("SessionCodecMetrics{encoded=1, decoded=1");
	}

	@Test
	void redisStoreBuilderWhenATimeoutIsNotPositiveThenFailsNamingIt() {
		RedisClient client = RedisClient.create();
		try {
			RedisURI uri = RedisURI.create("redis://localhost:6379");
			CookieSecrets secrets = RedisSessionStoreTests.SECRETS;
			assertRejected(() -> RedisSessionStore.builder(client, uri).secrets(secrets).timeout(Duration.ZERO).build(),
					"session-store.redis.timeout");
			assertRejected(() -> RedisSessionStore.builder(client, uri).secrets(secrets).idleTimeout(Duration.ZERO).build(),
					"session-store.idle-timeout");
			assertRejected(
					() -> RedisSessionStore.builder(client, uri).secrets(secrets).absoluteTimeout(Duration.ZERO).build(),
					"session-store.absolute-timeout");
			assertRejected(() -> RedisSessionStore.builder(client, uri).secrets(secrets).keyPrefix("").build(),
					"session-store.redis.key-prefix");
		}
		finally {
			client.shutdown();
		}
	}

	private static void assertRejected(Runnable build, String field) {
		assertThatThrownBy(build::run).isInstanceOfSatisfying(LogtoConfigurationException.class,
				(ex) -> assertThat(ex.field()).isEqualTo(field));
	}
}
