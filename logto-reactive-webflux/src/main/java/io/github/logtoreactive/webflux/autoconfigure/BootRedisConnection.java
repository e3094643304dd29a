package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Duration;
import java.util.Objects;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import org.jspecify.annotations.Nullable;

/**
 * Where the Redis session store connects when {@code logto.session.redis-url} is unset: Spring Boot's Redis connection
 * ({@code spring.data.redis.*}, or a service connection), turned into Lettuce terms by {@link BootRedisSettings}.
 *
 * @param uri the server (or Sentinel master) with database, credentials, TLS and client name
 * @param sslOptions the key and trust material of {@code spring.data.redis.ssl.bundle}, or {@code null} for the JVM's
 * defaults
 * @param timeout {@code spring.data.redis.timeout}, or {@code null} when unset
 * @param connectTimeout {@code spring.data.redis.connect-timeout}, or {@code null} when unset
 */
record BootRedisConnection(RedisURI uri, @Nullable SslOptions sslOptions, @Nullable Duration timeout,
		@Nullable Duration connectTimeout) {

	BootRedisConnection {
		Objects.requireNonNull(uri, "uri");
	}
}
