package io.github.logtoreactive.internal.session;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentlyDecodedTests {

	@Test
	void getWhenPutThenValueForAnEqualString() {
		RecentlyDecoded<Integer> recent = new RecentlyDecoded<>(8);
		recent.put("abc.def", 1);

		assertThat(recent.get(new String("abc.def"))).isEqualTo(1);
		assertThat(recent.get("abc.deg")).isNull();
		assertThat(recent.get("abc.de")).isNull();
	}

	@Test
	void putWhenSameSlotThenNewerReplacesOlder() {
		RecentlyDecoded<String> recent = new RecentlyDecoded<>(1);
		recent.put("first", "1");
		recent.put("second", "2");

		assertThat(recent.get("first")).isNull();
		assertThat(recent.get("second")).isEqualTo("2");
	}

	@Test
	void getWhenSameHashButOtherStringThenNull() {
		// "Aa" and "BB" have the same String hash code
		RecentlyDecoded<String> recent = new RecentlyDecoded<>(16);
		recent.put("Aa", "a");

		assertThat(recent.get("BB")).isNull();
		assertThat(recent.get("Aa")).isEqualTo("a");
	}

	@Test
	void getWhenSameTailButOtherBeginningThenNull() {
		// the slot comes from the length and the tail only: the whole string must still match
		String tail = "x".repeat(RecentlyDecoded.HASHED_TAIL);
		RecentlyDecoded<String> recent = new RecentlyDecoded<>(16);
		recent.put("header.payload." + tail, "value");

		assertThat(RecentlyDecoded.slotHash("header.payloaX." + tail))
			.isEqualTo(RecentlyDecoded.slotHash("header.payload." + tail));
		assertThat(recent.get("header.payloaX." + tail)).isNull();
		assertThat(recent.get("Header.payload." + tail)).isNull();
		assertThat(recent.get(new String("header.payload." + tail))).isEqualTo("value");
	}

	@Test
	void slotHashWhenTheTailDiffersThenOtherSlotsAreUsed() {
		// values differing only in their last characters (a JWE's authentication tag) spread over the slots
		java.util.Set<Integer> slots = new java.util.HashSet<>();
		for (int i = 0; i < 64; i++) {
			slots.add(RecentlyDecoded.slotHash("same-header.same-payload." + Integer.toString(i * 7919, 36)) & 63);
		}
		assertThat(slots).hasSizeGreaterThan(32);
	}

	@Test
	void clearWhenCalledThenNothingRemembered() {
		RecentlyDecoded<String> recent = new RecentlyDecoded<>(4);
		recent.put("x", "1");
		recent.clear();

		assertThat(recent.get("x")).isNull();
	}

	@Test
	void constantTimeEqualsWhenLengthsOrBytesDifferThenFalse() {
		assertThat(equal("abc", "abc")).isTrue();
		assertThat(equal("abc", "abd")).isFalse();
		assertThat(equal("abc", "abcc")).isFalse();
		assertThat(equal("abcc", "abc")).isFalse();
		assertThat(equal("abc", "ab")).isFalse();
		assertThat(equal("abc", "")).isFalse();
		assertThat(equal("", "")).isTrue();
		assertThat(equal("", "a")).isFalse();
		assertThat(equal("xbc", "abc")).isFalse();
		// eight bytes at a time, then the rest: a difference in either part counts
		String long1 = "0123456789abcdef0123456789abcdef012";
		assertThat(equal(long1, new String(long1))).isTrue();
		assertThat(equal(long1, "0123456789abcdef0123456789abcdeX012")).isFalse();
		assertThat(equal(long1, "0123456789abcdef0123456789abcdef01X")).isFalse();
		assertThat(equal(long1, "X123456789abcdef0123456789abcdef012")).isFalse();
	}

	@Test
	void putWhenTheKeyIsNotPlainAsciiOrHoldsAQuestionMarkThenNotRemembered() {
		// a lookup maps characters outside Latin-1 to '?': no remembered key may contain one
		RecentlyDecoded<String> recent = new RecentlyDecoded<>(16);
		recent.put("ab?c", "question");
		recent.put("ab\u20acc", "euro");
		recent.put("ab\u00e9c", "latin");

		assertThat(recent.get("ab?c")).isNull();
		assertThat(recent.get("ab\u20acc")).isNull();
		assertThat(recent.get("ab\u00e9c")).isNull();
	}

	@Test
	void getWhenAnotherStringMapsToTheSameBytesThenNull() {
		RecentlyDecoded<String> recent = new RecentlyDecoded<>(16);
		recent.put("ab.c", "value");

		assertThat(recent.get("ab\u20acc")).isNull();
		assertThat(recent.get(new String("ab.c"))).isEqualTo("value");
	}

	private static boolean equal(String known, String given) {
		return RecentlyDecoded.constantTimeEquals(known.getBytes(StandardCharsets.ISO_8859_1),
				given.getBytes(StandardCharsets.ISO_8859_1));
	}
}
