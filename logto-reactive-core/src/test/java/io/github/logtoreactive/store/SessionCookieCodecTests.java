package io.github.logtoreactive.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionTooLargeException;
import io.github.logtoreactive.SignInTransaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class SessionCookieCodecTests {

	static final String SECRET = "q3J7vN9xT2mL5pR8sW1yZ4bC6dF0gH2jK5nP8rT1vX4=";

	static final String OLD_SECRET = "Zx8cV6bN4mQ2wE0rT9yU7iO5pA3sD1fG8hJ6kL4zX2c=";

	static final Instant NOW = RealisticSessions.NOW;

	private final SessionCookieCodec codec = codec(SessionCookieSettings.defaults(), SECRET);

	static SessionCookieCodec codec(SessionCookieSettings settings, String... secrets) {
		return SessionCookieCodec.create(CookieSecrets.of(RealisticSessions.APP_ID, secrets), settings);
	}

	/** 30 JWT access tokens: two chunks. */
	static LogtoSession twoChunkSession() {
		return RealisticSessions.withTokens(30);
	}

	/** 40 JWT access tokens: three chunks. */
	static LogtoSession threeChunkSession() {
		return RealisticSessions.withTokens(40);
	}

	static LogtoSession smallSession() {
		return RealisticSessions.session(1, 0);
	}

	static Map<String, String> cookies(EncodedSessionCookie encoded) {
		Map<String, String> cookies = new LinkedHashMap<>();
		for (int i = 0; i < encoded.chunkCount(); i++) {
			cookies.put(encoded.names().get(i), encoded.values().get(i));
		}
		return cookies;
	}

	@Test
	void decodeWhenEncodedThenSameSession() {
		LogtoSession session = RealisticSessions.issueSession();

		EncodedSessionCookie encoded = this.codec.encode(session, NOW);
		CookieDecodeResult<LogtoSession> decoded = this.codec.decode(cookies(encoded), NOW.plusSeconds(60));

		assertThat(decoded.value()).contains(session);
		assertThat(decoded.writtenAt()).contains(NOW);
		assertThat(this.codec.metrics().decoded()).isEqualTo(1);
		assertThat(this.codec.metrics().encoded()).isEqualTo(1);
	}

	@Test
	void decodeWhenOpaqueAndOddTokensThenSameSession() {
		LogtoSession session = LogtoSession.restore("abcdefghijklmnopqrstuvwxyz012345", 3, NOW, "not.a.jwt==",
				"a.b.c.d", Map.of(io.github.logtoreactive.TokenKey.DEFAULT,
						new io.github.logtoreactive.AccessToken("opaque", null, NOW, NOW.plusSeconds(60))),
				Map.of());

		assertThat(this.codec.decode(cookies(this.codec.encode(session, NOW)), NOW).value()).contains(session);
	}

	@Test
	void encodeWhenSessionHasTransactionsThenTheyStayOutOfTheSessionCookie() {
		LogtoSession session = smallSession()
			.withTransaction(new SignInTransaction("state-1", "verifier", "nonce", "https://app/cb", null, NOW));

		LogtoSession decoded = this.codec.decode(cookies(this.codec.encode(session, NOW)), NOW).value().orElseThrow();

		assertThat(decoded.transactions()).isEmpty();
		assertThat(decoded.refreshToken()).isEqualTo(session.refreshToken());
	}

	@Test
	void decodeWhenAnyByteFlippedThenNoSession() {
		String value = this.codec.encode(smallSession(), NOW).values().get(0);
		Set<DecodeFailure> seen = EnumSet.noneOf(DecodeFailure.class);

		for (int i = 0; i < value.length(); i++) {
			char[] chars = value.toCharArray();
			chars[i] = (char) (chars[i] ^ 1);
			CookieDecodeResult<LogtoSession> result = this.codec.decode(List.of(new String(chars)), NOW);
			assertThat(result.isPresent()).as("flipped character %d", i).isFalse();
			assertThat(result.shouldDeleteCookies()).isTrue();
			seen.add(result.failure().orElseThrow());
		}

		assertThat(seen).isSubsetOf(DecodeFailure.TAMPERED, DecodeFailure.MALFORMED, DecodeFailure.UNKNOWN_KEY);
		assertThat(seen).contains(DecodeFailure.TAMPERED);
		assertThat(this.codec.metrics().failures()).isEqualTo(value.length());
	}

	@Test
	void decodeWhenGarbageThenNoSessionNeverAnException() {
		for (String garbage : List.of("", "x", "....", "a.b.c.d.e", "2~abc", "99~abc", "~", "eyJhbGciOiJub25lIn0..",
				"eyJ9.." + "A".repeat(20) + ".b.c", "\u0000\u00ff", "1~eyJ")) {
			CookieDecodeResult<LogtoSession> result = this.codec.decode(List.of(garbage), NOW);
			assertThat(result.isPresent()).as(garbage).isFalse();
		}
		assertThat(this.codec.decode(List.of(), NOW).failure()).contains(DecodeFailure.ABSENT);
		assertThat(this.codec.decode(Map.of("other", "x"), NOW).failure()).contains(DecodeFailure.ABSENT);
		assertThat(this.codec.decode(Map.of("other", "x"), NOW).shouldDeleteCookies()).isFalse();
	}

	@Test
	void decodeWhenOtherSecretThenUnknownKey() {
		String value = codec(SessionCookieSettings.defaults(), OLD_SECRET).encode(smallSession(), NOW).values().get(0);

		assertThat(this.codec.decode(List.of(value), NOW).failure()).contains(DecodeFailure.UNKNOWN_KEY);
		assertThat(this.codec.metrics().failures(DecodeFailure.UNKNOWN_KEY)).isEqualTo(1);
	}

	@Test
	void decodeWhenOtherAppIdThenUnknownKey() {
		SessionCookieCodec otherApp = SessionCookieCodec.create(CookieSecrets.of("other-app", SECRET),
				SessionCookieSettings.defaults());
		String value = otherApp.encode(smallSession(), NOW).values().get(0);

		assertThat(this.codec.decode(List.of(value), NOW).failure()).contains(DecodeFailure.UNKNOWN_KEY);
	}

	@Test
	void decodeWhenSecretRotatedThenOldCookiesStillReadAndNewOnesUseTheFirstSecret() {
		SessionCookieCodec before = codec(SessionCookieSettings.defaults(), OLD_SECRET);
		SessionCookieCodec rotated = codec(SessionCookieSettings.defaults(), SECRET, OLD_SECRET);
		LogtoSession session = smallSession();

		String old = before.encode(session, NOW).values().get(0);
		String fresh = rotated.encode(session, NOW).values().get(0);

		assertThat(rotated.decode(List.of(old), NOW).value()).contains(session);
		assertThat(rotated.decode(List.of(fresh), NOW).value()).contains(session);
		assertThat(this.codec.decode(List.of(fresh), NOW).value()).contains(session);
		assertThat(before.decode(List.of(fresh), NOW).failure()).contains(DecodeFailure.UNKNOWN_KEY);
	}

	@Test
	void decodeWhenChunkMissingThenTruncated() {
		EncodedSessionCookie encoded = this.codec.encode(twoChunkSession(), NOW);
		assertThat(encoded.chunkCount()).isGreaterThan(1);
		List<String> values = encoded.values();

		assertThat(this.codec.decode(values.subList(0, values.size() - 1), NOW).failure())
			.contains(DecodeFailure.TRUNCATED);
		List<String> withoutFirst = new ArrayList<>(values);
		withoutFirst.set(0, null);
		assertThat(this.codec.decode(withoutFirst, NOW).failure()).contains(DecodeFailure.TRUNCATED);
		Map<String, String> cookies = cookies(encoded);
		cookies.remove(encoded.names().get(1));
		assertThat(this.codec.decode(cookies, NOW).failure()).contains(DecodeFailure.TRUNCATED);
	}

	@Test
	void decodeWhenChunkCutShortThenNoSession() {
		List<String> values = new ArrayList<>(this.codec.encode(twoChunkSession(), NOW).values());
		String last = values.get(values.size() - 1);
		values.set(values.size() - 1, last.substring(0, last.length() / 2));

		assertThat(this.codec.decode(values, NOW).failure().orElseThrow()).isIn(DecodeFailure.MALFORMED,
				DecodeFailure.TAMPERED);
	}

	@Test
	void decodeWhenChunksSwappedThenNoSession() {
		LogtoSession session = threeChunkSession();
		List<String> values = new ArrayList<>(this.codec.encode(session, NOW).values());
		assertThat(values).hasSizeGreaterThan(2);
		String second = values.get(1);
		values.set(1, values.get(2));
		values.set(2, second);

		assertThat(this.codec.decode(values, NOW).isPresent()).isFalse();
	}

	@Test
	void decodeWhenExtraStaleChunkThenIgnored() {
		EncodedSessionCookie encoded = this.codec.encode(twoChunkSession(), NOW);
		Map<String, String> cookies = cookies(encoded);
		cookies.put(encoded.names().get(0) + "." + encoded.chunkCount(), "stale");

		assertThat(this.codec.decode(cookies, NOW).isPresent()).isTrue();
	}

	@Test
	void decodeWhenValueMovedToAnotherCookieNameThenTampered() {
		SessionCookieCodec other = codec(SessionCookieSettings.builder().name("other_session").build(), SECRET);
		String value = this.codec.encode(smallSession(), NOW).values().get(0);

		assertThat(other.decode(Map.of("other_session", value), NOW).failure()).contains(DecodeFailure.TAMPERED);
	}

	@Test
	void decodeWhenIdleTimeoutPassedThenExpiredIdle() {
		SessionCookieCodec codec = codec(SessionCookieSettings.builder()
			.idleTimeout(Duration.ofHours(1))
			.absoluteTimeout(Duration.ofDays(30))
			.build(), SECRET);
		LogtoSession session = smallSession();
		List<String> values = codec.encode(session, NOW).values();

		assertThat(codec.decode(values, NOW.plus(Duration.ofMinutes(59))).isPresent()).isTrue();
		assertThat(codec.decode(values, NOW.plus(Duration.ofHours(1))).failure())
			.contains(DecodeFailure.EXPIRED_IDLE);
		List<String> rewritten = codec.encode(session, NOW.plus(Duration.ofMinutes(50))).values();
		assertThat(codec.decode(rewritten, NOW.plus(Duration.ofMinutes(100))).isPresent()).isTrue();
	}

	@Test
	void decodeWhenSameValueAgainThenRememberedSessionAndTimeoutsStillChecked() {
		SessionCookieCodec codec = codec(SessionCookieSettings.builder()
			.idleTimeout(Duration.ofHours(1))
			.absoluteTimeout(Duration.ofDays(30))
			.build(), SECRET);
		List<String> values = codec.encode(RealisticSessions.issueSession(), NOW).values();

		CookieDecodeResult<LogtoSession> first = codec.decode(values, NOW.plusSeconds(1));
		CookieDecodeResult<LogtoSession> second = codec.decode(List.copyOf(values), NOW.plusSeconds(2));

		assertThat(second.value().orElseThrow()).isSameAs(first.value().orElseThrow());
		assertThat(second.writtenAt()).isEqualTo(first.writtenAt());
		assertThat(codec.metrics().decoded()).isEqualTo(2);
		assertThat(codec.decode(values, NOW.plus(Duration.ofHours(1))).failure()).contains(DecodeFailure.EXPIRED_IDLE);
	}

	@Test
	void decodeWhenValueDiffersFromARememberedOneInItsLastCharThenRefused() {
		String value = this.codec.encode(smallSession(), NOW).values().get(0);
		assertThat(this.codec.decode(List.of(value), NOW).isPresent()).isTrue();
		char last = value.charAt(value.length() - 1);
		String forged = value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A');

		assertThat(this.codec.decode(List.of(forged), NOW).isPresent()).isFalse();
		assertThat(this.codec.decode(List.of(value), NOW).isPresent()).isTrue();
	}

	@Test
	void encodeWhenAnEqualSessionInTheSameSecondThenTheSameValueReadingAsAFreshEncodingDoes() {
		Instant second = Instant.ofEpochSecond(NOW.getEpochSecond());
		LogtoSession session = RealisticSessions.issueSession();
		LogtoSession equal = LogtoSession.restore(session.id(), session.version(), session.createdAt(),
				session.idToken(), session.refreshToken(), session.accessTokens(), Map.of());

		EncodedSessionCookie first = this.codec.encode(session, second);
		EncodedSessionCookie again = this.codec.encode(equal, second.plusMillis(999));
		EncodedSessionCookie fresh = codec(SessionCookieSettings.defaults(), SECRET).encode(session, second);

		assertThat(again.values()).isEqualTo(first.values());
		assertThat(fresh.values()).isNotEqualTo(first.values());
		assertThat(again.maxAge()).isEqualTo(fresh.maxAge());
		SessionCookieCodec reader = codec(SessionCookieSettings.defaults(), SECRET);
		CookieDecodeResult<LogtoSession> reused = reader.decode(again.values(), second.plusSeconds(1));
		CookieDecodeResult<LogtoSession> fromFresh = reader.decode(fresh.values(), second.plusSeconds(1));
		assertThat(reused.value()).contains(session).isEqualTo(fromFresh.value());
		assertThat(reused.writtenAt()).contains(second).isEqualTo(fromFresh.writtenAt());
		assertThat(this.codec.metrics().encoded()).isEqualTo(2);
	}

	@Test
	void encodeWhenTheNextSecondOrAnotherSessionThenANewValue() {
		Instant second = Instant.ofEpochSecond(NOW.getEpochSecond());
		LogtoSession session = RealisticSessions.issueSession();
		LogtoSession refreshed = session.withTokens(session.idToken(), "another-refresh-token");
		List<String> first = this.codec.encode(session, second).values();

		EncodedSessionCookie later = this.codec.encode(session, second.plusSeconds(1));
		EncodedSessionCookie changed = this.codec.encode(refreshed, second.plusSeconds(1));

		assertThat(later.values()).isNotEqualTo(first);
		assertThat(this.codec.decode(later.values(), second.plusSeconds(2)).writtenAt())
			.contains(second.plusSeconds(1));
		assertThat(changed.values()).isNotEqualTo(later.values());
		assertThat(this.codec.decode(changed.values(), second.plusSeconds(2)).value()).contains(refreshed);
	}

	@Test
	void decodeWhenAbsoluteTimeoutPassedThenExpiredAbsoluteEvenIfRecentlyWritten() {
		SessionCookieCodec codec = codec(SessionCookieSettings.builder()
			.idleTimeout(Duration.ofDays(1))
			.absoluteTimeout(Duration.ofDays(2))
			.build(), SECRET);
		LogtoSession session = smallSession();
		Instant expiry = session.createdAt().plus(Duration.ofDays(2));

		EncodedSessionCookie late = codec.encode(session, expiry.minusSeconds(10));

		assertThat(late.maxAge()).isEqualTo(Duration.ofSeconds(10));
		assertThat(codec.decode(late.values(), expiry.minusSeconds(1)).isPresent()).isTrue();
		assertThat(codec.decode(late.values(), expiry).failure()).contains(DecodeFailure.EXPIRED_ABSOLUTE);
	}

	@Test
	void shouldRenewWhenAnEighthOfIdleTimeoutPassedThenTrue() {
		CookieDecodeResult<LogtoSession> read = this.codec.decode(this.codec.encode(smallSession(), NOW).values(),
				NOW);

		assertThat(this.codec.shouldRenew(read, NOW.plus(Duration.ofHours(41)))).isFalse();
		assertThat(this.codec.shouldRenew(read, NOW.plus(Duration.ofHours(42)))).isTrue();
	}

	@Test
	void encodeWhenIssueSessionThenOneSetCookieLineUnderAThirdOfLogtosOwnCookieWhichExceedsTheLimit() {
		LogtoSession session = RealisticSessions.issueSession();

		EncodedSessionCookie encoded = this.codec.encode(session, NOW);
		String logtoValue = LogtoCookieFormat.encrypt(LogtoCookieFormat.key(SECRET),
				LogtoCookieFormat.plaintext(session));
		String logtoLine = "Set-Cookie: " + LogtoCookieFormat.setCookieHeader(RealisticSessions.APP_ID, logtoValue);

		int ours = 0;
		for (SetCookie cookie : encoded.cookies()) {
			assertThat(cookie.wireLength()).isLessThanOrEqualTo(4096);
			ours += cookie.wireLength();
		}
		assertThat(encoded.chunkCount()).isEqualTo(1);
		assertThat(ours).isLessThan(logtoLine.length() / 3);
		assertThat(logtoLine.length()).isGreaterThan(4096);
	}

	@Test
	void encodeWhenLargeSessionThenChunkedWithinLimitAndReadBack() {
		LogtoSession session = threeChunkSession();

		EncodedSessionCookie encoded = this.codec.encode(session, NOW);

		assertThat(encoded.chunkCount()).isEqualTo(3);
		assertThat(encoded.names()).containsExactly("logto_session", "logto_session.1", "logto_session.2");
		assertThat(encoded.values().get(0)).startsWith("3~eyJ");
		for (SetCookie cookie : encoded.cookies()) {
			assertThat(cookie.wireLength()).isLessThanOrEqualTo(4096);
		}
		assertThat(encoded.cookies().get(0).wireLength()).isEqualTo(4096);
		assertThat(encoded.cookies().get(1).wireLength()).isEqualTo(4096);
		assertThat(this.codec.decode(cookies(encoded), NOW).value()).contains(session);
	}

	@Test
	void encodeWhenSessionShrinksThenStaleChunksAreDeleted() {
		EncodedSessionCookie big = this.codec.encode(threeChunkSession(), NOW);
		assertThat(big.chunkCount()).isGreaterThanOrEqualTo(3);

		EncodedSessionCookie small = this.codec.encode(smallSession(), NOW);
		List<SetCookie> cookies = small.cookies(cookies(big).keySet());

		assertThat(cookies).hasSize(big.chunkCount());
		assertThat(cookies.get(0).name()).isEqualTo("logto_session");
		assertThat(cookies.get(0).value()).startsWith("eyJ");
		for (int i = 1; i < big.chunkCount(); i++) {
			assertThat(cookies.get(i))
				.isEqualTo(SetCookie.builder("logto_session." + i, "").maxAge(Duration.ZERO).build());
		}
	}

	@Test
	void encodeWhenMoreChunksThanAllowedThenSessionTooLarge() {
		SessionCookieCodec codec = codec(SessionCookieSettings.builder().maxChunks(1).build(), SECRET);

		assertThatThrownBy(() -> codec.encode(twoChunkSession(), NOW))
			.isInstanceOfSatisfying(SessionTooLargeException.class, (ex) -> {
				assertThat(ex.code()).isEqualTo("session.too_large");
				assertThat(ex.requiredChunks()).isEqualTo(2);
				assertThat(ex.maxChunks()).isEqualTo(1);
			})
			.hasMessageContaining("external session store")
			.hasMessageContaining("maxChunks");
	}

	@Test
	void deletionCookiesWhenSignedOutThenEveryChunkIsDeleted() {
		Map<String, String> request = new HashMap<>(cookies(this.codec.encode(twoChunkSession(), NOW)));
		request.put("unrelated", "1");
		request.put("logto_session.x", "1");

		assertThat(this.codec.deletionCookies(request.keySet())).containsExactlyInAnyOrder(
				SetCookie.builder("logto_session", "").maxAge(Duration.ZERO).build(),
				SetCookie.builder("logto_session.1", "").maxAge(Duration.ZERO).build());
	}

	@Test
	void encodeAndDecodeWhenOnParallelSchedulerThenNothingBlocks() {
		LogtoSession session = RealisticSessions.issueSession();
		Mono<LogtoSession> roundTrip = Mono.fromCallable(() -> this.codec.encode(session, NOW))
			.map((encoded) -> this.codec.decode(encoded.values(), NOW).value().orElseThrow())
			.subscribeOn(Schedulers.parallel());

		StepVerifier.create(roundTrip).expectNext(session).verifyComplete();
	}
}
