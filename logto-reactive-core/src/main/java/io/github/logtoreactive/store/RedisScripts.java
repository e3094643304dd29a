package io.github.logtoreactive.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts of the Redis session store. Each runs atomically in Redis, so a session is never half-written.
 */
final class RedisScripts {

	/**
	 * Compare-and-set. {@code KEYS[1]} the session hash; {@code ARGV}: expected version ({@code -1}: must be absent),
	 * new version, data, TTL in milliseconds. Returns 1 when written, 0 when the stored version differs.
	 */
	static final String COMPARE_AND_SET = """
			local v = redis.call('HGET', KEYS[1], 'v')
			if ARGV[1] == '-1' then
			  if v then return 0 end
			elseif v ~= ARGV[1] then
			  return 0
			end
			redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3])
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			return 1
			""";

	/** Compare-and-delete of a lease. {@code KEYS[1]} the lease; {@code ARGV[1]} the owner. Returns 1 if deleted. */
	static final String RELEASE_LEASE = """
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('DEL', KEYS[1])
			end
			return 0
			""";

	private RedisScripts() {
	}

	/**
	 * @param script a script
	 * @return its SHA-1 in hex, the {@code EVALSHA} digest
	 */
	static String sha1(String script) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is not available in this JVM", ex);
		}
	}
}
