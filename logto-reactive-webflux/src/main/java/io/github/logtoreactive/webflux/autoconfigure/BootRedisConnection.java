package io.github.logtoreactive.webflux.autoconfigure;

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
 */
record BootRedisConnection(RedisURI uri, @Nullable SslOptions sslOptions) {

	BootRedisConnection {
		Objects.requireNonNull(uri, "uri");
	}
}
