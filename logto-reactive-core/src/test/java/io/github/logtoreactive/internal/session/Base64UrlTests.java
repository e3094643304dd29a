package io.github.logtoreactive.internal.session;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The base64url alphabet checks a cookie value passes before any decryption is tried. */
class Base64UrlTests {

	static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	@Test
	void valueWhenEachCharacterOfTheAlphabetThenItsPositionElseMinusOne() {
		for (int i = 0; i < ALPHABET.length(); i++) {
			assertThat(Base64Url.value(ALPHABET.charAt(i))).as("value of %s", ALPHABET.charAt(i)).isEqualTo(i);
		}
		for (char c : "+/=@[`{ :é.".toCharArray()) {
			assertThat(Base64Url.value(c)).as("value of %s", c).isEqualTo(-1);
		}
		assertThat(Base64Url.isAlphabet(ALPHABET)).isTrue();
		assertThat(Base64Url.isAlphabet("abc+")).isFalse();
	}

	@Test
	void isCanonicalWhenWhatTheEncoderWritesThenTrueAndWhenUnusedBitsAreSetOrTheLengthIsImpossibleThenFalse() {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		for (int bytes = 0; bytes < 6; bytes++) {
			String encoded = encoder.encodeToString(new byte[] { -1, -1, -1, -1, -1, -1 }).substring(0,
					encoder.encodeToString(new byte[bytes]).length());
			String canonical = encoder.encodeToString(java.util.Arrays.copyOf(new byte[] { -1, -1, -1, -1, -1 }, bytes));
			assertThat(Base64Url.isCanonical(canonical, 0, canonical.length())).as(canonical).isTrue();
			if (encoded.length() % 4 != 0) {
				// The same length with every bit of the last character set: its unused low bits are not zero.
				assertThat(Base64Url.isCanonical(encoded, 0, encoded.length())).as(encoded).isFalse();
			}
		}
		assertThat(Base64Url.isCanonical("AAAAA", 0, 5)).as("a length of 4n + 1 encodes nothing").isFalse();
		assertThat(Base64Url.isCanonical("xxAAxx", 2, 4)).isTrue();
		assertThat(Base64Url.isCanonical("AB", 0, 2)).isFalse();
		assertThat(Base64Url.isCanonical("AQ", 0, 2)).isTrue();
		assertThat(Base64Url.isCanonical("A.", 0, 2)).isFalse();
	}
}
