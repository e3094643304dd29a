package io.github.logtoreactive.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.logtoreactive.SignInTransaction;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionCookieCodecTests {

	private static final Instant NOW = RealisticSessions.NOW;

	private final TransactionCookieCodec codec = TransactionCookieCodec.create(
			CookieSecrets.of(RealisticSessions.APP_ID, SessionCookieCodecTests.SECRET), SessionCookieSettings.defaults());

	static SignInTransaction transaction(String state) {
		return new SignInTransaction(state, "v".repeat(86), "n".repeat(43), "https://app.example.com/callback",
				"/dashboard", NOW);
	}

	static Map<String, String> cookie(String header) {
		String pair = header.substring(0, header.indexOf(';'));
		int eq = pair.indexOf('=');
		Map<String, String> cookies = new HashMap<>();
		cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
		return cookies;
	}

	@Test
	void decodeWhenWrittenThenSameTransaction() {
		SignInTransaction tx = transaction("s".repeat(86));
		String header = this.codec.setCookieHeader(tx, NOW);

		assertThat(header).startsWith(this.codec.cookieName(tx.state()) + "=eyJ")
			.endsWith("; Max-Age=600; Path=/; Secure; HttpOnly; SameSite=Lax");
		assertThat(this.codec.cookieName(tx.state())).matches("logto_tx_[0-9a-f]{16}");
		assertThat(this.codec.decode(tx.state(), cookie(header), NOW.plusSeconds(60)).value()).contains(tx);
	}

	@Test
	void decodeAllWhenSeveralTabsThenEveryTransaction() {
		Map<String, String> cookies = new HashMap<>();
		cookies.putAll(cookie(this.codec.setCookieHeader(transaction("state-a-0123456789"), NOW)));
		cookies.putAll(cookie(this.codec.setCookieHeader(transaction("state-b-0123456789"), NOW)));
		cookies.put("logto_tx_0000000000000000", "garbage");
		cookies.put("unrelated", "x");

		assertThat(this.codec.decodeAll(cookies, NOW)).extracting(SignInTransaction::state)
			.containsExactlyInAnyOrder("state-a-0123456789", "state-b-0123456789");
		assertThat(this.codec.refusedCookieNames(cookies, NOW)).containsExactly("logto_tx_0000000000000000");
	}

	@Test
	void decodeWhenOlderThanTtlThenExpired() {
		SignInTransaction tx = transaction("state-expired-123");
		Map<String, String> cookies = cookie(this.codec.setCookieHeader(tx, NOW));

		assertThat(this.codec.decode(tx.state(), cookies, NOW.plus(Duration.ofMinutes(10))).failure())
			.contains(DecodeFailure.EXPIRED_ABSOLUTE);
	}

	@Test
	void decodeWhenValueMovedToAnotherStateCookieThenTampered() {
		SignInTransaction a = transaction("state-a-0123456789");
		String value = cookie(this.codec.setCookieHeader(a, NOW)).values().iterator().next();

		assertThat(this.codec.decode("state-b-0123456789", Map.of(this.codec.cookieName("state-b-0123456789"), value),
				NOW).failure()).contains(DecodeFailure.TAMPERED);
	}

	@Test
	void decodeWhenSessionCookieValueThenUnknownKey() {
		SessionCookieCodec sessions = SessionCookieCodecTests.codec(SessionCookieSettings.defaults(),
				SessionCookieCodecTests.SECRET);
		String sessionValue = sessions.encode(SessionCookieCodecTests.smallSession(), NOW).values().get(0);
		String name = this.codec.cookieName("state");

		assertThat(this.codec.decode("state", Map.of(name, sessionValue), NOW).failure())
			.contains(DecodeFailure.UNKNOWN_KEY);
	}

	@Test
	void setCookieHeaderWhenSessionIsStrictThenTransactionStaysLax() {
		TransactionCookieCodec strict = TransactionCookieCodec.create(
				CookieSecrets.of(RealisticSessions.APP_ID, SessionCookieCodecTests.SECRET),
				SessionCookieSettings.builder().sameSite(SameSite.STRICT).hostPrefix(true).build());

		String header = strict.setCookieHeader(transaction("s-0123456789"), NOW.plusSeconds(100));

		assertThat(header).startsWith("__Host-logto_tx_").endsWith("; Max-Age=500; Path=/; Secure; HttpOnly; SameSite=Lax");
		assertThat(strict.deleteCookieHeader("s-0123456789")).endsWith("=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax");
	}
}
