package io.github.logtoreactive.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.EncodedSessionCookie;
import io.github.logtoreactive.store.LogtoCookieFormat;
import io.github.logtoreactive.store.RealisticSessions;
import io.github.logtoreactive.store.RedisServerHarness;
import io.github.logtoreactive.store.RedisSessionStore;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SetCookie;

/**
 * Prints the cookie sizes of our format and Logto's for the same sessions, as a Markdown table, then the sizes of the
 * same sessions in Redis ({@link RedisSessionStore}, against a local {@code redis-server} started for the purpose on
 * 127.0.0.1 and stopped at the end).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.logtoreactive.benchmarks.CookieSizes
 * </pre>
 */
public final class CookieSizes {

	private static final String SECRET = "q3J7vN9xT2mL5pR8sW1yZ4bC6dF0gH2jK5nP8rT1vX4=";

	private CookieSizes() {
	}

	public static void main(String[] args) {
		SessionCookieCodec codec = SessionCookieCodec.create(CookieSecrets.of(RealisticSessions.APP_ID, SECRET),
				SessionCookieSettings.builder().maxChunks(32).build());
		System.out.println("| JWT access tokens | raw token bytes | ours: cookies | ours: Set-Cookie bytes (all lines) "
				+ "| Logto: value bytes | Logto: Set-Cookie bytes | Logto fits in 4096? | ours / Logto |");
		System.out.println("|---|---|---|---|---|---|---|---|");
		for (int tokens : new int[] { 1, 3, 8, 10, 20 }) {
			LogtoSession session = (tokens == 8) ? RealisticSessions.issueSession()
					: RealisticSessions.withTokens(tokens);
			EncodedSessionCookie ours = codec.encode(session, RealisticSessions.NOW);
			int ourBytes = ours.cookies().stream().mapToInt(SetCookie::wireLength).sum();
			String logtoValue = LogtoCookieFormat.encrypt(LogtoCookieFormat.key(SECRET),
					LogtoCookieFormat.plaintext(session));
			int logtoBytes = ("Set-Cookie: " + LogtoCookieFormat.setCookieHeader(RealisticSessions.APP_ID, logtoValue))
				.length();
			int raw = session.idToken().length() + session.refreshToken().length()
					+ session.accessTokens().values().stream().mapToInt((t) -> t.token().length()).sum();
			System.out.printf("| %d%s | %d | %d | %d | %d | %d | %s | %.0f%% |%n", tokens,
					(tokens == 8) ? " (issue: 5 resource + 3 org)" : "", raw, ours.chunkCount(), ourBytes,
					logtoValue.length(), logtoBytes, (logtoBytes <= 4096) ? "yes" : "**no**",
					100.0 * ourBytes / logtoBytes);
		}
		System.out.println();
		redisSizes(codec);
	}

	/**
	 * Redis bytes of a stored session: the hash's field values ({@code HSTRLEN} of each field: the DEFLATE-packed
	 * session JSON, the version) and {@code MEMORY USAGE} of the key (what Redis actually holds, key and overhead
	 * included), next to the browser's cookie with Redis (the signed session id) and without (the whole session).
	 */
	private static void redisSizes(SessionCookieCodec codec) {
		SessionIdCookieCodec ids = SessionIdCookieCodec.create(CookieSecrets.of(RealisticSessions.APP_ID, SECRET),
				SessionCookieSettings.builder().build());
		System.out.println("| JWT access tokens | Redis: field value bytes (HSTRLEN) | Redis: MEMORY USAGE of the key "
				+ "| cookie with Redis: Set-Cookie bytes | cookie without Redis (ours) | Logto's cookie |");
		System.out.println("|---|---|---|---|---|---|");
		RedisClient client = RedisClient.create();
		try (RedisServerHarness redis = RedisServerHarness.start();
				RedisSessionStore store = RedisSessionStore.builder(client, RedisURI.create(redis.uri()))
					.clock(Clock.fixed(RealisticSessions.NOW, ZoneOffset.UTC))
					.secrets(CookieSecrets.of(RealisticSessions.APP_ID, SECRET))
					.build();
				StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(redis.uri()))) {
			RedisCommands<String, String> commands = connection.sync();
			for (int tokens : new int[] { 1, 3, 10 }) {
				LogtoSession session = RealisticSessions.withTokens(tokens);
				if (!Boolean.TRUE.equals(store.save(session, SessionStore.ABSENT).block(Duration.ofSeconds(10)))) {
					throw new IllegalStateException("not stored");
				}
				String key = "logto:session:" + session.id();
				long fields = 0;
				for (String field : commands.hkeys(key)) {
					fields += commands.hstrlen(key, field);
				}
				Long memory = commands.memoryUsage(key);
				int idCookie = ids.cookie(session.id()).wireLength();
				int ourCookie = codec.encode(session, RealisticSessions.NOW).cookies().stream()
					.mapToInt(SetCookie::wireLength)
					.sum();
				String logtoValue = LogtoCookieFormat.encrypt(LogtoCookieFormat.key(SECRET),
						LogtoCookieFormat.plaintext(session));
				int logtoBytes = ("Set-Cookie: "
						+ LogtoCookieFormat.setCookieHeader(RealisticSessions.APP_ID, logtoValue)).length();
				System.out.printf("| %d | %d | %d | %d | %d | %d |%n", tokens, fields, memory, idCookie, ourCookie,
						logtoBytes);
			}
		}
		finally {
			client.shutdown();
		}
	}
}
