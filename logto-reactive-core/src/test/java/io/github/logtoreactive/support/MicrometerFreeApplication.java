package io.github.logtoreactive.support;

import java.time.Duration;
import java.util.function.Function;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.SignInOptions;
import io.github.logtoreactive.SignInRequest;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.RedisSessionStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/**
 * An application of the core without Micrometer: loaded by a class loader that cannot see {@code io.micrometer}, it
 * builds an engine and a Redis store and starts a sign-in against the Logto at the given endpoint.
 */
public final class MicrometerFreeApplication implements Function<String, String> {

	@Override
	public String apply(String endpoint) {
		try {
			Class.forName("io.micrometer.observation.ObservationRegistry");
			throw new IllegalStateException("Micrometer is visible to this application");
		}
		catch (ClassNotFoundException expected) {
			// as it should be
		}
		RedisClient redis = RedisClient.create();
		try (RedisSessionStore store = RedisSessionStore.builder(redis, RedisURI.create("redis://127.0.0.1:1"))
			.secrets(CookieSecrets.of(FakeLogto.APP_ID, "q3J7vN9xT2mL5pR8sW1yZ4bC6dF0gH2jK5nP8rT1vX4="))
			.build()) {
			LogtoEngine engine = LogtoEngine.create(LogtoConfig.builder()
				.endpoint(endpoint)
				.appId(FakeLogto.APP_ID)
				.appSecret(FakeLogto.APP_SECRET)
				.build());
			SignInRequest request = engine.client(new TestSessionBinding())
				.signIn(SignInOptions.builder("https://app.example.com/callback").build())
				.block(Duration.ofSeconds(10));
			return request.authorizationUri().getPath() + " " + store.isClusterScoped();
		}
		finally {
			redis.shutdown();
		}
	}
}
