package io.github.logtoreactive.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

	/** The browser's binding value. */
	private static final String BINDING = TransactionCookieCodec.newBinding();

	/** The request of the browser {@link #BINDING} binds: its binding cookie and {@code cookie}. */
	Map<String, String> cookie(SetCookie cookie) {
		Map<String, String> cookies = new HashMap<>();
		cookies.put(this.codec.bindingCookieName(), BINDING);
		cookies.put(cookie.name(), cookie.value());
		return cookies;
	}

	@Test
	void decodeWhenWrittenThenSameTransaction() {
		SignInTransaction tx = transaction("s".repeat(86));
		SetCookie cookie = this.codec.cookie(tx, BINDING, NOW);

		assertThat(cookie.value()).startsWith("eyJ");
		assertThat(cookie).isEqualTo(SetCookie.builder(this.codec.cookieName(tx.state()), cookie.value())
			.maxAge(Duration.ofSeconds(600))
			.path("/")
			.secure(true)
			.httpOnly(true)
			.sameSite(SameSite.LAX)
			.build());
		assertThat(this.codec.cookieName(tx.state())).matches("logto_tx_[0-9a-f]{16}");
		assertThat(this.codec.decode(tx.state(), cookie(cookie), NOW.plusSeconds(60)).value()).contains(tx);
	}

	@Test
	void decodeAllWhenSeveralTabsThenEveryTransaction() {
		Map<String, String> cookies = new HashMap<>();
		cookies.putAll(cookie(this.codec.cookie(transaction("state-a-0123456789"), BINDING, NOW)));
		cookies.putAll(cookie(this.codec.cookie(transaction("state-b-0123456789"), BINDING, NOW)));
		cookies.put("logto_tx_0000000000000000", "garbage");
		cookies.put("unrelated", "x");

		assertThat(this.codec.decodeAll(cookies, NOW)).extracting(SignInTransaction::state)
			.containsExactlyInAnyOrder("state-a-0123456789", "state-b-0123456789");
		assertThat(this.codec.refusedCookieNames(cookies, NOW)).containsExactly("logto_tx_0000000000000000");
	}

	@Test
	void decodeWhenOlderThanTtlThenExpired() {
		SignInTransaction tx = transaction("state-expired-123");
		Map<String, String> cookies = cookie(this.codec.cookie(tx, BINDING, NOW));

		assertThat(this.codec.decode(tx.state(), cookies, NOW.plus(Duration.ofMinutes(10))).failure())
			.contains(DecodeFailure.EXPIRED_ABSOLUTE);
	}

	@Test
	void decodeWhenValueMovedToAnotherStateCookieThenTampered() {
		SignInTransaction a = transaction("state-a-0123456789");
		String value = cookie(this.codec.cookie(a, BINDING, NOW)).values().iterator().next();

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
	void cookieWhenSessionIsStrictThenTransactionStaysLax() {
		TransactionCookieCodec strict = TransactionCookieCodec.create(
				CookieSecrets.of(RealisticSessions.APP_ID, SessionCookieCodecTests.SECRET),
				SessionCookieSettings.builder().sameSite(SameSite.STRICT).hostPrefix(true).build());

		SetCookie cookie = strict.cookie(transaction("s-0123456789"), BINDING, NOW.plusSeconds(100));
		SetCookie deletion = strict.deletionCookie("s-0123456789");

		assertThat(cookie.name()).startsWith("__Host-logto_tx_");
		assertThat(cookie.sameSite()).isEqualTo(SameSite.LAX);
		assertThat(cookie.maxAge()).isEqualTo(Duration.ofSeconds(500));
		assertThat(deletion).isEqualTo(SetCookie.builder(cookie.name(), "").maxAge(Duration.ZERO).build());
		assertThat(deletion.isDeletion()).isTrue();
	}

	@Test
	void decodeWhenTransactionCookieCarriedByAnotherBrowserThenUnbound() {
		SignInTransaction tx = transaction("state-planted-0123");
		SetCookie planted = this.codec.cookie(tx, BINDING, NOW);
		String other = TransactionCookieCodec.newBinding();

		for (Map<String, String> victim : List.of(Map.of(planted.name(), planted.value()),
				Map.of(planted.name(), planted.value(), this.codec.bindingCookieName(), other),
				Map.of(planted.name(), planted.value(), "logto_bind", BINDING))) {
			assertThat(this.codec.decode(tx.state(), victim, NOW).failure()).as("%s", victim.keySet())
				.contains(DecodeFailure.UNBOUND);
			assertThat(this.codec.decodeAll(victim, NOW)).isEmpty();
			assertThat(this.codec.refusedCookieNames(victim, NOW)).containsExactly(planted.name());
		}
		assertThat(this.codec.decode(tx.state(), cookie(planted), NOW).value()).contains(tx);
	}

	@Test
	void bindingCookieWhenSecureThenHostPrefixedWithoutDomainEvenWhenCookiesHaveOne() {
		TransactionCookieCodec withDomain = TransactionCookieCodec.create(
				CookieSecrets.of(RealisticSessions.APP_ID, SessionCookieCodecTests.SECRET),
				SessionCookieSettings.builder().domain("example.com").build());

		assertThat(withDomain.bindingCookie(BINDING)).isEqualTo(SetCookie.builder("__Host-logto_bind", BINDING)
			.maxAge(Duration.ofMinutes(10))
			.path("/")
			.secure(true)
			.httpOnly(true)
			.sameSite(SameSite.LAX)
			.build());
	}

	@Test
	void bindingCookieWhenNotSecureThenNoPrefixNoSecure() {
		TransactionCookieCodec http = TransactionCookieCodec.create(
				CookieSecrets.of(RealisticSessions.APP_ID, SessionCookieCodecTests.SECRET),
				SessionCookieSettings.builder().secure(false).build());

		SetCookie cookie = http.bindingCookie(BINDING);

		assertThat(cookie.name()).isEqualTo("logto_bind");
		assertThat(cookie.secure()).isFalse();
		assertThat(cookie.domain()).isNull();
		assertThat(http.binding(Map.of("logto_bind", BINDING))).isEqualTo(BINDING);
		assertThat(http.binding(Map.of("logto_bind", "short"))).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ascii", "two-byte", "three-byte", "four-byte" })
	void cookieWhenReturnPathIsAsLongAndRandomAsTheSignInRouteAcceptsThenItsLineFitsTheBrowsersBudget(String alphabet) {
		// 2,048 UTF-8 bytes (the sign-in route's limit, RedirectTargets) drawn at random, which DEFLATE cannot shrink
		// much; a long redirect URI and a Domain attribute on top.
		String path = randomPath(alphabet, 2048, new Random(alphabet.hashCode()));
		SessionCookieSettings settings = SessionCookieSettings.builder()
			.domain("accounts.some-company.example.com")
			.build();
		TransactionCookieCodec withDomain = TransactionCookieCodec.create(
				CookieSecrets.of(RealisticSessions.APP_ID, SessionCookieCodecTests.SECRET), settings);
		SignInTransaction tx = new SignInTransaction("s".repeat(86), "v".repeat(86), "n".repeat(43),
				"https://accounts.some-company.example.com/some/deep/application/context/logto/callback", path, NOW);

		SetCookie cookie = withDomain.cookie(tx, BINDING, NOW);

		assertThat(path.getBytes(StandardCharsets.UTF_8).length).isBetween(2045, 2048);
		assertThat(cookie.wireLength()).isLessThanOrEqualTo(SetCookie.MAX_LINE_BYTES);
		assertThat(withDomain.decode(tx.state(), cookie(cookie), NOW).value()).contains(tx);
	}

	/** A path of at most {@code bytes} UTF-8 bytes: "/" and random characters of the named range. */
	static String randomPath(String alphabet, int bytes, Random random) {
		StringBuilder path = new StringBuilder("/");
		int length = 1;
		while (true) {
			int codePoint = switch (alphabet) {
				case "ascii" -> 0x20 + random.nextInt(0x7f - 0x20);
				case "two-byte" -> 0x80 + random.nextInt(0x800 - 0x80);
				case "three-byte" -> 0x4e00 + random.nextInt(0x9fff - 0x4e00);
				default -> 0x1f300 + random.nextInt(0x1fa00 - 0x1f300);
			};
			if (codePoint == '\\') {
				continue;
			}
			int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
			if (length + size > bytes) {
				return path.toString();
			}
			path.appendCodePoint(codePoint);
			length += size;
		}
	}
}
