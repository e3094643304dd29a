package io.github.logtoreactive.internal.session;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HkdfTests {

	private static final HexFormat HEX = HexFormat.of();

	@Test
	void deriveKeyWhenRfc5869TestCase1ThenExpectedOutput() {
		byte[] okm = Hkdf.deriveKey(HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
				HEX.parseHex("000102030405060708090a0b0c"), HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);

		assertThat(HEX.formatHex(okm)).isEqualTo(
				"3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
	}

	@Test
	void deriveKeyWhenRfc5869TestCase3EmptySaltAndInfoThenExpectedOutput() {
		byte[] okm = Hkdf.deriveKey(HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), new byte[0],
				new byte[0], 42);

		assertThat(HEX.formatHex(okm)).isEqualTo(
				"8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
	}

	@Test
	void deriveWhenPurposeOrAppDiffersThenKeyAndKidDiffer() {
		String secret = "q3J7vN9xT2mL5pR8sW1yZ4bC6dF0gH2jK5nP8rT1vX4=";
		CookieKey session = CookieKey.derive(secret, "app", "session");

		assertThat(CookieKey.derive(secret, "app", "session").bytes()).isEqualTo(session.bytes());
		assertThat(CookieKey.derive(secret, "app", "transaction").bytes()).isNotEqualTo(session.bytes());
		assertThat(CookieKey.derive(secret, "app2", "session").bytes()).isNotEqualTo(session.bytes());
		assertThat(CookieKey.derive(secret, "app2", "session").kid()).isNotEqualTo(session.kid());
		assertThat(session.kid()).hasSize(8);
		assertThat(session.toString()).doesNotContain(HEX.formatHex(session.bytes()));
	}

	@Test
	void expandWhenTheLengthIsOutsideOneTo255HashesThenRefusedAndAtItsBoundsThenThatMany() {
		byte[] prk = Hkdf.extract(new byte[0], new byte[] { 1, 2, 3 });

		assertThat(Hkdf.expand(prk, new byte[0], 1)).hasSize(1);
		assertThat(Hkdf.expand(prk, new byte[0], 255 * 32)).hasSize(255 * 32);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> Hkdf.expand(prk, new byte[0], 0))
			.isInstanceOf(IllegalArgumentException.class);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> Hkdf.expand(prk, new byte[0], 255 * 32 + 1))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void cookieKeyToStringWhenDerivedThenShowsTheKidOnly() {
		CookieKey key = CookieKey.derive("kH3v9Qz7LpX2mN8rT5wY1bC4dF6gJ0sA", "app", "session");

		assertThat(key.toString()).isEqualTo("CookieKey{kid=" + key.kid() + "}");
	}
}
