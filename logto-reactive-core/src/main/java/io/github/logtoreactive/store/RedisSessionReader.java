package io.github.logtoreactive.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.lettuce.core.KeyValue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.internal.session.CookieJwe;
import io.github.logtoreactive.internal.session.MalformedPayloadException;
import io.github.logtoreactive.internal.session.PayloadCompression;
import io.github.logtoreactive.internal.session.SessionJson;

/**
 * How the Redis store reads a session: its version first when this instance knows a version of it, its value
 * otherwise. Never blocks; every command goes through the store's {@link RedisChannel}.
 *
 * <p>
 * <b>Version first.</b> When this instance remembers a version of the session ({@link RecentRedisSessions}: the one it
 * last decrypted, or last wrote itself), a load is {@code HMGET <key> v w}, the version and the tag of the write that
 * stored it, a reply of a few dozen bytes instead of the 1-3 KB encrypted value: the same version and write tag answer
 * the remembered session; anything else (another instance saved since) reads the value, as below, in a second round
 * trip; no version (the key is gone: deleted, expired, flushed) is absent and forgotten. With nothing remembered, a
 * load is {@code HMGET <key> v w d}: all three in one round trip, read atomically together; the value is decrypted and
 * authenticated (bound to its key), and the session is remembered under that version and write tag. A value that does
 * not decrypt, or does not parse, is refused (absent) and forgotten. The absolute timeout is checked on every load,
 * remembered or not.
 *
 * <p>
 * <b>Why the same version and write tag are the same session.</b> {@code v}, {@code w} and {@code d} are only ever
 * written together, by the compare-and-set script ({@link RedisScripts#COMPARE_AND_SET}). The write tag {@code w} is
 * the authentication tag of the encrypted value written, which is different for every encryption (each has its own
 * random IV): two writes of the same key never share it, whatever their versions. The version alone is not enough: a
 * key deleted (or expired) and written again from nothing restarts at the version its writer chooses (the library does
 * so when a sign-out keeps the browser's pending sign-in transactions, and when coordinated cookie sessions publish a
 * refresh generation again after its idle timeout), and Redis losing writes it acknowledged (a failover to a replica
 * that had not received them, a restart from an older snapshot) lets another instance write a version again; the
 * write tag tells both apart. This instance remembers a write only with the content Redis held for it: read
 * atomically with it ({@code HMGET}), or written by this instance's compare-and-set once Redis answered that it was
 * written. A save that Redis refused, or whose answer did not come within the timeout (it may still land later, or be
 * refused), is not remembered: the next load reads its value. A value without a write tag (written by an earlier
 * version of the library, during a rolling upgrade) is read in full on every load until it is written again. An
 * entry is also trusted for {@link RecentRedisSessions#TRUSTED_FOR} at most, then read and decrypted again.
 *
 * <p>
 * <b>Altered values.</b> Someone with write access to Redis who changes {@code d} but not {@code v} and {@code w}
 * is answered the session this instance remembers for that write, which it authenticated or wrote: altered content is never
 * answered without authenticated decryption (an instance that does not remember the session decrypts it and refuses
 * it). Changing {@code v} or {@code w} too makes every instance read and refuse the value.
 */
final class RedisSessionReader {

	private static final Logger logger = LoggerFactory.getLogger(RedisSessionStore.class);

	private final RedisChannel channel;

	private final CookieJwe jwe;

	private final RecentRedisSessions recent;

	private final Duration absoluteTimeout;

	private final Clock clock;

	/**
	 * @param channel the store's connection
	 * @param jwe the encryption of values at rest
	 * @param recent what this instance remembers of each session
	 * @param absoluteTimeout how long a session lives after its creation
	 * @param clock the clock for the absolute timeout
	 */
	RedisSessionReader(RedisChannel channel, CookieJwe jwe, RecentRedisSessions recent, Duration absoluteTimeout,
			Clock clock) {
		this.channel = channel;
		this.jwe = jwe;
		this.recent = recent;
		this.absoluteTimeout = absoluteTimeout;
		this.clock = clock;
	}

	/**
	 * @param sessionId the session id
	 * @param key its hash
	 * @return the session; empty when absent, refused or past its absolute timeout; errors with the channel's
	 * {@code SessionStoreException}
	 */
	Mono<LogtoSession> load(String sessionId, String key) {
		return Mono.defer(() -> {
			RecentRedisSessions.Known known = this.recent.get(sessionId);
			if (known == null) {
				return readValue(sessionId, key);
			}
			return this.channel.run("load", (redis) -> redis.hmget(key, "v", "w").collectList())
				.flatMap((fields) -> {
					byte[] version = fields.get(0).getValueOrElse(null);
					if (version == null) {
						// the key is gone: deleted, expired, flushed
						this.recent.forget(sessionId);
						return Mono.empty();
					}
					return known.is(version, fields.get(1).getValueOrElse(null)) ? Mono.just(known.session())
							: readValue(sessionId, key);
				});
		}).filter((session) -> this.clock.instant().isBefore(session.createdAt().plus(this.absoluteTimeout)));
	}

	/**
	 * @param sessionId the session id
	 * @param version the version as the compare-and-set script wrote it, once Redis answered that it did
	 * @param writeTag the write tag the script wrote with it
	 * @param session the session written
	 * @param jsonLength the length of its JSON
	 */
	void written(String sessionId, byte[] version, byte[] writeTag, LogtoSession session, int jsonLength) {
		this.recent.put(sessionId, version, writeTag, session, jsonLength);
	}

	/**
	 * @param data an encrypted value about to be written (a compact JWE, ASCII)
	 * @return its write tag: the JWE's authentication tag, its last segment, which differs for every encryption (a
	 * random IV each time)
	 */
	static byte[] writeTagOf(byte[] data) {
		int dot = data.length - 1;
		while (dot >= 0 && data[dot] != '.') {
			dot--;
		}
		return Arrays.copyOfRange(data, dot + 1, data.length);
	}

	/**
	 * @param sessionId a session deleted
	 */
	void forget(String sessionId) {
		this.recent.forget(sessionId);
	}

	private Mono<LogtoSession> readValue(String sessionId, String key) {
		return this.channel.run("load", (redis) -> redis.hmget(key, "v", "w", "d").collectList())
			.flatMap((fields) -> Mono.justOrEmpty(decode(sessionId, key, fields)));
	}

	private @Nullable LogtoSession decode(String sessionId, String key, List<KeyValue<String, byte[]>> fields) {
		byte[] version = fields.get(0).getValueOrElse(null);
		byte[] writeTag = fields.get(1).getValueOrElse(null);
		byte[] data = fields.get(2).getValueOrElse(null);
		if (data == null) {
			this.recent.forget(sessionId);
			return null;
		}
		CookieJwe.Opened opened = this.jwe.decrypt(key, new String(data, StandardCharsets.US_ASCII));
		if (opened.failure() != null) {
			this.recent.forget(sessionId);
			logger.warn("Session in Redis refused ({}): {}; that user signs in again", opened.failure(),
					opened.failure() == DecodeFailure.MALFORMED ? "not encrypted (written by an earlier version)"
							: "not encrypted with any configured secret");
			return null;
		}
		try {
			byte[] json = PayloadCompression.unpack(opened.payload());
			LogtoSession session = SessionJson.read(json);
			if (version != null && writeTag != null) {
				this.recent.put(sessionId, version, writeTag, session, json.length);
			}
			else {
				this.recent.forget(sessionId);
			}
			return session;
		}
		catch (MalformedPayloadException | RuntimeException ex) {
			this.recent.forget(sessionId);
			logger.warn("Unreadable session in Redis ignored: {}", ex.getMessage());
			return null;
		}
	}
}
