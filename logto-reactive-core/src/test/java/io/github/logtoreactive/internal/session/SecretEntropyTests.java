package io.github.logtoreactive.internal.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits a configured cookie secret must meet, at their exact edges: at least
 * {@value SecretEntropy#MIN_DISTINCT} distinct characters, and no character in more than a quarter of it.
 */
class SecretEntropyTests {

	/** 32 characters, 12 distinct, none more than 8 times (a quarter). */
	private static final String AT_BOTH_LIMITS = "aaaaaaaabbbbbbbbcccccccdefghijkl";

	@Test
	void problemWhenExactlyTheFewestDistinctCharactersAndOneCharacterInExactlyAQuarterThenNone() {
		assertThat(AT_BOTH_LIMITS).hasSize(SecretEntropy.MIN_CHARS);
		assertThat(AT_BOTH_LIMITS.chars().distinct().count()).isEqualTo(SecretEntropy.MIN_DISTINCT);

		assertThat(SecretEntropy.problem(AT_BOTH_LIMITS)).isNull();
	}

	@Test
	void problemWhenOneDistinctCharacterTooFewThenDoesNotLookRandom() {
		String elevenDistinct = "aaaaaaaabbbbbbbbccccccccdefghijk";

		assertThat(SecretEntropy.problem(elevenDistinct)).contains("has only 11 distinct characters");
	}

	@Test
	void problemWhenOneCharacterFillsMoreThanAQuarterThenDoesNotLookRandom() {
		String nineOfOne = "aaaaaaaaabbbbbbbcccccccdefghijkl";

		assertThat(SecretEntropy.problem(nineOfOne)).contains("more than a quarter");
	}
}
