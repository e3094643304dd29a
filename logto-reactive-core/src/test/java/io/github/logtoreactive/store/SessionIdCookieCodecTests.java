package io.github.logtoreactive.store;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SessionIdCookieCodecTests {

	private final SessionIdCookieCodec codec = codec(SessionCookieCodecTests.SECRET);

	static SessionIdCookieCodec codec(String... secrets) {
		return SessionIdCookieCodec.create(CookieSecrets.of(RealisticSessions.APP_ID, secrets),
				SessionCookieSettings.defaults());
	}

	@Test
	void newSessionIdWhenGeneratedThen192RandomBits() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			ids.add(SessionIdCookieCodec.newSessionId());
		}
		assertThat(ids).hasSize(1000).allMatch((id) -> id.matches("[A-Za-z0-9_-]{32}"));
	}

	@Test
	void decodeWhenEncodedThenSameId() {
		String id = SessionIdCookieCodec.newSessionId();

		SetCookie cookie = this.codec.cookie(id);

		assertThat(cookie.value()).startsWith(id + ".");
		assertThat(cookie).isEqualTo(SetCookie.builder("logto_session", cookie.value())
			.maxAge(Duration.ofSeconds(2592000))
			.path("/")
			.secure(true)
			.httpOnly(true)
			.sameSite(SameSite.LAX)
			.build());
		assertThat(this.codec.deletionCookie())
			.isEqualTo(SetCookie.builder("logto_session", "").maxAge(Duration.ZERO).build());
		assertThat(this.codec.decode(Map.of("logto_session", this.codec.encode(id))).value()).contains(id);
	}

	@Test
	void decodeWhenAnyByteFlippedThenNoSession() {
		String value = this.codec.encode(SessionIdCookieCodec.newSessionId());

		for (int i = 0; i < value.length(); i++) {
			char[] chars = value.toCharArray();
			chars[i] = (char) (chars[i] ^ 1);
			assertThat(this.codec.decode(new String(chars)).isPresent()).as("flipped %d", i).isFalse();
		}
		assertThat(this.codec.metrics().failures(DecodeFailure.TAMPERED)).isPositive();
	}

	@Test
	void decodeWhenSecretRotatedThenOldSignatureAccepted() {
		String id = SessionIdCookieCodec.newSessionId();
		String old = codec(SessionCookieCodecTests.OLD_SECRET).encode(id);

		assertThat(codec(SessionCookieCodecTests.SECRET, SessionCookieCodecTests.OLD_SECRET).decode(old).value())
			.contains(id);
		assertThat(this.codec.decode(old).failure()).contains(DecodeFailure.TAMPERED);
	}

	@Test
	void decodeWhenUnsignedIdThenNoSession() {
		assertThat(this.codec.decode(SessionIdCookieCodec.newSessionId()).failure()).contains(DecodeFailure.MALFORMED);
		assertThat(this.codec.decode((String) null).failure()).contains(DecodeFailure.ABSENT);
	}

	@Test
	void encodeWhenIdTooShortThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode("short"));
	}
}
