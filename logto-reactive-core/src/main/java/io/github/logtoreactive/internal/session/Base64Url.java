package io.github.logtoreactive.internal.session;

/**
 * Base64url (RFC 4648 section 5, no padding) character checks.
 * <p>
 * Public only because the store package's codecs use it.
 */
public final class Base64Url {

	private Base64Url() {
	}

	/**
	 * @param c a character
	 * @return its 6-bit value, or -1 when it is not a base64url character
	 */
	public static int value(char c) {
		if (c >= 'A' && c <= 'Z') {
			return c - 'A';
		}
		if (c >= 'a' && c <= 'z') {
			return c - 'a' + 26;
		}
		if (c >= '0' && c <= '9') {
			return c - '0' + 52;
		}
		if (c == '-') {
			return 62;
		}
		if (c == '_') {
			return 63;
		}
		return -1;
	}

	/**
	 * @param s a string
	 * @param from the start of an unpadded base64url segment of it
	 * @param to its end (exclusive)
	 * @return whether the segment has a valid length and its last character carries no set unused bits
	 */
	public static boolean isCanonical(String s, int from, int to) {
		int remainder = (to - from) % 4;
		if (remainder == 0) {
			return true;
		}
		if (remainder == 1) {
			return false;
		}
		int last = value(s.charAt(to - 1));
		int unusedMask = (remainder == 2) ? 0x0F : 0x03;
		return last >= 0 && (last & unusedMask) == 0;
	}

	/**
	 * @param s a string
	 * @return whether every character is a base64url character
	 */
	public static boolean isAlphabet(String s) {
		for (int i = 0; i < s.length(); i++) {
			if (value(s.charAt(i)) < 0) {
				return false;
			}
		}
		return true;
	}
}
