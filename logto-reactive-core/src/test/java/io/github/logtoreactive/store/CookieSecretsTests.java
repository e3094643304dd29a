package io.github.logtoreactive.store;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.logtoreactive.LogtoConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

class CookieSecretsTests {

	private static final String HOW = "set logto.cookie.secret / LOGTO_COOKIE_SECRET to at least 32 random bytes, "
			+ "e.g. `openssl rand -base64 32`";

	@Test
	void ofWhenNoSecretThenFailsSayingWhatToSet() {
		assertRejected(List.of(), "No cookie secret is configured: " + HOW);
		assertRejected(java.util.Arrays.asList((String) null), "The cookie secret is missing: " + HOW);
		assertRejected(List.of("   "), "The cookie secret is missing: " + HOW);
	}

	@Test
	void ofWhenShortSecretThenFailsWithItsLength() {
		assertRejected(List.of("Tr0ub4dor&3-horse-battery-x"), "The cookie secret is 27 characters, fewer than 32: "
				+ HOW);
	}

	@Test
	void ofWhenRepeatedCharacterThenFails() {
		assertRejected(List.of("z".repeat(32)),
				"The cookie secret has only 1 distinct characters (at least 12 needed): it does not look random: "
						+ HOW);
		assertRejected(List.of("x".repeat(20) + "abcdefghijklmn"),
				"The cookie secret repeats one character in more than a quarter of its length: it does not look random: "
						+ HOW);
	}

	@Test
	void ofWhenHexOfSixteenBytesThenFails() {
		assertRejected(List.of("00112233445566778899aabbccddeeff"),
				"The cookie secret is 32 hex digits (16 bytes), fewer than 64 hex digits (32 bytes): " + HOW);
	}

	@Test
	void ofWhenSecondSecretWeakThenFailsNamingIt() {
		assertRejected(List.of(SessionCookieCodecTests.SECRET, "short"),
				"Cookie secret #2 is 5 characters, fewer than 32: " + HOW);
	}

	@Test
	void ofWhenSurroundingWhitespaceThenFails() {
		assertRejected(List.of(SessionCookieCodecTests.SECRET + "\n"),
				"The cookie secret has leading or trailing whitespace: " + HOW);
	}

	@Test
	void ofWhenStrongSecretsThenAccepted() {
		byte[] random = new byte[32];
		new java.security.SecureRandom().nextBytes(random);
		assertThatNoException().isThrownBy(() -> CookieSecrets.of("app", Base64.getEncoder().encodeToString(random)));
		assertThatNoException().isThrownBy(() -> CookieSecrets.of("app", java.util.HexFormat.of().formatHex(random)));
		assertThatNoException().isThrownBy(() -> CookieSecrets.of("app", "correct horse battery staple 1234"));
		assertThat(CookieSecrets.of("app", SessionCookieCodecTests.SECRET, SessionCookieCodecTests.OLD_SECRET).size())
			.isEqualTo(2);
	}

	@Test
	void ofWhenBlankAppIdThenFails() {
		assertThatThrownBy(() -> CookieSecrets.of(" ", SessionCookieCodecTests.SECRET))
			.isInstanceOfSatisfying(LogtoConfigurationException.class, (ex) -> assertThat(ex.field()).isEqualTo("appId"));
	}

	@Test
	void toStringWhenPrintedThenNoSecret() {
		assertThat(CookieSecrets.of("app", SessionCookieCodecTests.SECRET).toString())
			.doesNotContain(SessionCookieCodecTests.SECRET)
			.contains("hidden");
	}

	private static void assertRejected(List<String> secrets, String message) {
		assertThatThrownBy(() -> CookieSecrets.of("app", secrets))
			.isInstanceOfSatisfying(LogtoConfigurationException.class,
					(ex) -> assertThat(ex.field()).isEqualTo("cookieSecret"))
			.hasMessage(message);
	}
}
