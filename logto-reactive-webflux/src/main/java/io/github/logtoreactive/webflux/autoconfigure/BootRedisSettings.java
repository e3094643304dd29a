package io.github.logtoreactive.webflux.autoconfigure;

import io.github.logtoreactive.LogtoConfigurationException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundle;

/**
 * Turns Spring Boot's Redis connection settings into a {@link BootRedisConnection}: a single server
 * ({@code spring.data.redis.url}, or {@code host}, {@code port}, {@code database}) or a Sentinel master
 * ({@code spring.data.redis.sentinel.*}), with {@code username}/{@code password}, TLS ({@code ssl.enabled} or a
 * {@code rediss://} URL, with the key and trust material of {@code ssl.bundle}), {@code client-name}, {@code timeout}
 * (the store's command timeout unless {@code logto.session.redis-timeout} is set) and {@code connect-timeout}. A cluster
 * or master/replica setup fails fast: the store talks to one server.
 */
final class BootRedisSettings {

	private BootRedisSettings() {
	}

	/**
	 * @param details Boot's connection details
	 * @param properties Boot's Redis properties, when bound (for the URL scheme and the client name)
	 * @return where the store connects
	 * @throws LogtoConfigurationException for a cluster or master/replica setup
	 */
	static BootRedisConnection connection(DataRedisConnectionDetails details, @Nullable DataRedisProperties properties) {
		if (details.getCluster() != null || details.getMasterReplica() != null) {
			throw new LogtoConfigurationException("logto.session.redis-url",
					"the Redis session store connects to one Redis server or a Sentinel master, not to the cluster or "
							+ "master/replica setup of spring.data.redis.cluster/masterreplica: set "
							+ "logto.session.redis-url to a server's URL, or define your own SessionStore bean");
		}
		RedisURI.Builder builder;
		DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
		if (sentinel != null) {
			builder = RedisURI.builder().withSentinelMasterId(sentinel.getMaster()).withDatabase(sentinel.getDatabase());
			for (DataRedisConnectionDetails.Node node : sentinel.getNodes()) {
				RedisURI.Builder sentinelNode = RedisURI.builder().withHost(node.host()).withPort(node.port());
				authenticate(sentinelNode, sentinel.getUsername(), sentinel.getPassword());
				builder.withSentinel(sentinelNode.build());
			}
		}
		else {
			DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
			if (standalone == null) {
				throw new LogtoConfigurationException("logto.session.redis-url",
						"Spring Boot's Redis connection names no server (spring.data.redis.host/port or url): set "
								+ "those or logto.session.redis-url");
			}
			builder = RedisURI.builder()
				.withHost(standalone.getHost())
				.withPort(standalone.getPort())
				.withDatabase(standalone.getDatabase());
		}
		authenticate(builder, details.getUsername(), details.getPassword());
		SslBundle bundle = details.getSslBundle();
		String url = properties != null ? properties.getUrl() : null;
		if (bundle != null || (url != null && url.startsWith("rediss:"))) {
			builder.withSsl(true);
		}
		if (properties != null && properties.getClientName() != null) {
			builder.withClientName(properties.getClientName());
		}
		return new BootRedisConnection(builder.build(), bundle != null ? sslOptions(bundle) : null,
				properties != null ? properties.getTimeout() : null,
				properties != null ? properties.getConnectTimeout() : null);
	}

	private static void authenticate(RedisURI.Builder builder, @Nullable String username, @Nullable String password) {
		if (password == null) {
			return;
		}
		if (username != null) {
			builder.withAuthentication(username, password);
		}
		else {
			builder.withPassword(password.toCharArray());
		}
	}

	private static SslOptions sslOptions(SslBundle bundle) {
		SslOptions.Builder options = SslOptions.builder()
			.jdkSslProvider()
			.keyManager(bundle.getManagers().getKeyManagerFactory())
			.trustManager(bundle.getManagers().getTrustManagerFactory());
		String[] protocols = bundle.getOptions().getEnabledProtocols();
		if (protocols != null) {
			options.protocols(protocols);
		}
		String[] ciphers = bundle.getOptions().getCiphers();
		if (ciphers != null) {
			options.cipherSuites(ciphers);
		}
		return options.build();
	}
}
