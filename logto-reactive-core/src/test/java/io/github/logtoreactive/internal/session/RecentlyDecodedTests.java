package io.github.logtoreactive.internal.session;

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
	void constantTimeEqualsWhenLengthsOrCharsDifferThenFalse() {
		assertThat(RecentlyDecoded.constantTimeEquals("abc", "abc")).isTrue();
		assertThat(RecentlyDecoded.constantTimeEquals("abc", "abd")).isFalse();
		assertThat(RecentlyDecoded.constantTimeEquals("abc", "abcc")).isFalse();
		assertThat(RecentlyDecoded.constantTimeEquals("abc", "ab")).isFalse();
		assertThat(RecentlyDecoded.constantTimeEquals("abc", "")).isFalse();
		assertThat(RecentlyDecoded.constantTimeEquals("", "")).isTrue();
		assertThat(RecentlyDecoded.constantTimeEquals("", "a")).isFalse();
		assertThat(RecentlyDecoded.constantTimeEquals("abc", "abcc")).isFalse();
		assertThat(RecentlyDecoded.constantTimeEquals("abcc", "abc")).isFalse();
		assertThat(RecentlyDecoded.constantTimeEquals("xbc", "abc")).isFalse();
	}
}
