package io.github.logtoreactive.benchmarks;

import java.nio.charset.StandardCharsets;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.EncodedSessionCookie;
import io.github.logtoreactive.store.LogtoCookieFormat;
import io.github.logtoreactive.store.RealisticSessions;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;

/**
 * Prints the cookie sizes of our format and Logto's for the same sessions, as a Markdown table.
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
			int ourBytes = 0;
			for (String header : ours.setCookieHeaders()) {
				ourBytes += ("Set-Cookie: " + header).getBytes(StandardCharsets.US_ASCII).length;
			}
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
	}
}
