package io.github.logtoreactive.internal.session;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.store.DecodeFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cookie value is refused as {@link DecodeFailure#MALFORMED} unless it is five canonical base64url parts with an
 * empty encrypted key: every altered character is detected, also one that a lenient base64 decoder would read as the
 * same bytes, and nothing but the exact value that was written opens.
 */
class CookieJweStructureTests {

	private static final String COOKIE = "logto_session";

	private final CookieJwe jwe = new CookieJwe(new KeyRing(List.of(CookieKey
		.derive("a-cookie-secret-of-enough-distinct-characters-0123456789", "app", "session"))));

	private final String written = this.jwe.encrypt(COOKIE, Map.of("iat", 1_764_064_800L),
			"payload".getBytes(StandardCharsets.UTF_8));

	@Test
	void decryptWhenTheValueIsAsWrittenThenOpens() {
		CookieJwe.Opened opened = this.jwe.decrypt(COOKIE, this.written);

		assertThat(opened.failure()).isNull();
		assertThat(new String(opened.payload(), StandardCharsets.UTF_8)).isEqualTo("payload");
	}

	@Test
	void decryptWhenAnUnusedTrailingBitIsSetThenMalformedThoughTheBytesReadTheSame() {
		// The tag is 16 bytes: 22 characters, the last one carrying 2 bits and 4 unused ones (zero when canonical).
		char last = this.written.charAt(this.written.length() - 1);
		int value = Base64Url.value(last);
		assertThat(value & 0b1111).isZero();
		String altered = this.written.substring(0, this.written.length() - 1)
				+ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".charAt(value | 1);

		assertThat(this.jwe.decrypt(COOKIE, altered).failure()).isEqualTo(DecodeFailure.MALFORMED);
	}

	@Test
	void decryptWhenACharacterIsOutsideBase64UrlThenMalformed() {
		String altered = this.written.substring(0, this.written.length() - 5) + "+"
				+ this.written.substring(this.written.length() - 4);

		assertThat(this.jwe.decrypt(COOKIE, altered).failure()).isEqualTo(DecodeFailure.MALFORMED);
	}

	@Test
	void decryptWhenTheEncryptedKeyPartIsNotEmptyThenMalformed() {
		int keyPart = this.written.indexOf("..") + 1;
		String altered = this.written.substring(0, keyPart) + "AAAA" + this.written.substring(keyPart);

		assertThat(this.jwe.decrypt(COOKIE, altered).failure()).isEqualTo(DecodeFailure.MALFORMED);
	}
}
