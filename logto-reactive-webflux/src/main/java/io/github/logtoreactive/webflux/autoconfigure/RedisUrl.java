package io.github.logtoreactive.webflux.autoconfigure;

import io.github.logtoreactive.LogtoConfigurationException;
import io.lettuce.core.RedisURI;

/**
 * {@code logto.session.redis-url}, read for the Redis session store and for cookie-session coordination.
 */
final class RedisUrl {

	private static final String PROPERTY = "logto.session.redis-url";

	private RedisUrl() {
	}

	/**
	 * @param properties the properties
	 * @param needed why the URL is required here, as in "required with ..."
	 * @return the URL
	 * @throws LogtoConfigurationException naming {@code logto.session.redis-url} when it is missing or malformed
	 */
	static RedisURI of(LogtoProperties properties, String needed) {
		String url = properties.getSession().getRedisUrl();
		if (url == null || url.isBlank()) {
			throw new LogtoConfigurationException(PROPERTY,
					PROPERTY + " is required with " + needed + ", e.g. redis://localhost:6379");
		}
		try {
			return RedisURI.create(url);
		}
		catch (RuntimeException ex) {
			throw new LogtoConfigurationException(PROPERTY, PROPERTY + " is not a Redis URL: " + url);
		}
	}
}
