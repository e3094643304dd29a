package io.github.logtoreactive.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts of the Redis session store. Each runs atomically in Redis, so a session and its index entries are
 * never half-written.
 *
 * <p>
 * A session's hash has the fields {@code v} (version), {@code d} (the encrypted session), {@code s} and {@code u}
 * (the names of its {@code sid} and subject index keys, empty when it has none, see {@link RedisSessionIndex}). The
 * scripts that end sessions find a session's index keys in those fields, so they touch keys not passed in
 * {@code KEYS}: the store runs on one Redis server (standalone or Sentinel), not on Redis Cluster.
 */
final class RedisScripts {

	/** Ends one session: removes it from its index keys, then deletes it. Returns 1 when it existed. */
	private static final String END_SESSION_FUNCTION = """
			local function finish(key, id)
			  local index = redis.call('HMGET', key, 's', 'u')
			  if index[1] and index[1] ~= '' then redis.call('SREM', index[1], id) end
			  if index[2] and index[2] ~= '' then redis.call('ZREM', index[2], id) end
			  return redis.call('DEL', key)
			end
			""";

	/**
	 * Compare-and-set, keeping the index. {@code KEYS[1]} the session hash, {@code KEYS[2]} its {@code sid} index
	 * ({@code ''}: none), {@code KEYS[3]} its subject index ({@code ''}: none); {@code ARGV}: expected version
	 * ({@code -1}: must be absent), new version, data, TTL in milliseconds, creation time in epoch milliseconds, the
	 * most sessions a subject keeps, the key prefix, the session id, the creation time before which a session has
	 * passed its absolute timeout. Returns 1 when written, 0 when the stored version differs.
	 *
	 * <p>
	 * Index keys live as long as their longest-lived session. Past the bound, a subject's oldest other sessions end,
	 * so every stored session stays indexed and a back-channel logout finds them all.
	 */
	static final Script COMPARE_AND_SET = new Script(END_SESSION_FUNCTION + """
			local v = redis.call('HGET', KEYS[1], 'v')
			if ARGV[1] == '-1' then
			  if v then return 0 end
			elseif v ~= ARGV[1] then
			  return 0
			end
			local id = ARGV[8]
			local ttl = tonumber(ARGV[4])
			local before = redis.call('HMGET', KEYS[1], 's', 'u')
			if before[1] and before[1] ~= '' and before[1] ~= KEYS[2] then redis.call('SREM', before[1], id) end
			if before[2] and before[2] ~= '' and before[2] ~= KEYS[3] then redis.call('ZREM', before[2], id) end
			redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3], 'w', ARGV[10], 's', KEYS[2], 'u', KEYS[3])
			redis.call('PEXPIRE', KEYS[1], ttl)
			if KEYS[2] ~= '' then
			  redis.call('SADD', KEYS[2], id)
			  if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
			end
			if KEYS[3] ~= '' then
			  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[9])
			  redis.call('ZADD', KEYS[3], ARGV[5], id)
			  if redis.call('PTTL', KEYS[3]) < ttl then redis.call('PEXPIRE', KEYS[3], ttl) end
			  local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[6])
			  if over > 0 then
			    for _, other in ipairs(redis.call('ZRANGE', KEYS[3], 0, over)) do
			      if over > 0 and other ~= id then
			        finish(ARGV[7] .. other, other)
			        redis.call('ZREM', KEYS[3], other)
			        over = over - 1
			      end
			    end
			  end
			end
			return 1
			""");

	/** Deletes a session and its index entries. {@code KEYS[1]} the session hash; {@code ARGV[1]} its id. */
	static final Script DELETE = new Script(END_SESSION_FUNCTION + """
			finish(KEYS[1], ARGV[1])
			return 0
			""");

	/**
	 * Ends every session of a Logto session. {@code KEYS}: its {@code sid} index keys (one per secret);
	 * {@code ARGV[1]} the key prefix. Returns how many sessions ended.
	 */
	static final Script END_LOGTO_SESSION = new Script(END_SESSION_FUNCTION + """
			local ended = 0
			for _, index in ipairs(KEYS) do
			  for _, id in ipairs(redis.call('SMEMBERS', index)) do
			    ended = ended + finish(ARGV[1] .. id, id)
			  end
			  redis.call('DEL', index)
			end
			return ended
			""");

	/**
	 * Ends every session of a subject created at or before a time. {@code KEYS}: its subject index keys (one per
	 * secret); {@code ARGV[1]} the key prefix, {@code ARGV[2]} the time in epoch milliseconds. Returns how many
	 * sessions ended.
	 */
	static final Script END_SUBJECT = new Script(END_SESSION_FUNCTION + """
			local ended = 0
			for _, index in ipairs(KEYS) do
			  for _, id in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf', ARGV[2])) do
			    ended = ended + finish(ARGV[1] .. id, id)
			    redis.call('ZREM', index, id)
			  end
			end
			return ended
			""");

	/** Compare-and-delete of a lease. {@code KEYS[1]} the lease; {@code ARGV[1]} the owner. Returns 1 if deleted. */
	static final Script RELEASE_LEASE = new Script("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('DEL', KEYS[1])
			end
			return 0
			""");

	private RedisScripts() {
	}

	/**
	 * A script and its {@code EVALSHA} digest.
	 *
	 * @param text the script
	 * @param sha its SHA-1 in hex
	 */
	record Script(String text, String sha) {

		Script(String text) {
			this(text, sha1(text));
		}
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
