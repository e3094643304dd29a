package io.github.logtoreactive.internal.session;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The rule a cookie secret must pass. It is a guard against obvious mistakes (placeholders, short or repetitive
 * strings), not an entropy measurement:
 * <ol>
 * <li>not {@code null}, not blank, no leading or trailing whitespace;</li>
 * <li>a string made only of hexadecimal digits must have at least 64 of them (32 bytes);</li>
 * <li>any other string (base64 of 32 random bytes is 44 characters, a passphrase, ...) must have at least 32
 * characters;</li>
 * <li>at least 12 distinct characters, and no single character may make up more than a quarter of the string.</li>
 * </ol>
 * <p>
 * Public only because the store package's {@code CookieSecrets} uses it.
 */
public final class SecretEntropy {

	/** Minimum characters for a non-hex secret. */
	public static final int MIN_CHARS = 32;

	/** Minimum characters for an all-hex secret. */
	public static final int MIN_HEX_CHARS = 64;

	/** Minimum distinct characters. */
	public static final int MIN_DISTINCT = 12;

	private SecretEntropy() {
	}

	/**
	 * @param secret the configured secret
	 * @return {@code null} when the secret passes, or why it fails (never containing the secret)
	 */
	public static @Nullable String problem(@Nullable String secret) {
		if (secret == null || secret.isBlank()) {
			return "is missing";
		}
		if (!secret.strip().equals(secret)) {
			return "has leading or trailing whitespace";
		}
		int length = secret.length();
		if (isHex(secret)) {
			if (length < MIN_HEX_CHARS) {
				return "is " + length + " hex digits (" + (length / 2) + " bytes), fewer than " + MIN_HEX_CHARS
						+ " hex digits (32 bytes)";
			}
		}
		else if (length < MIN_CHARS) {
			return "is " + length + " characters, fewer than " + MIN_CHARS;
		}
		Map<Character, Integer> counts = new HashMap<>();
		int max = 0;
		for (int i = 0; i < length; i++) {
			int c = counts.merge(secret.charAt(i), 1, Integer::sum);
			max = Math.max(max, c);
		}
		if (counts.size() < MIN_DISTINCT) {
			return "has only " + counts.size() + " distinct characters (at least " + MIN_DISTINCT
					+ " needed): it does not look random";
		}
		if (max * 4 > length) {
			return "repeats one character in more than a quarter of its length: it does not look random";
		}
		return null;
	}

	private static boolean isHex(String s) {
		for (int i = 0; i < s.length(); i++) {
			if (Character.digit(s.charAt(i), 16) < 0) {
				return false;
			}
		}
		return true;
	}
}
