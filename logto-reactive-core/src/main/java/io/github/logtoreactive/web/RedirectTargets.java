package io.github.logtoreactive.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a post-sign-in redirect target is safe: only same-origin relative paths are accepted, so the
 * sign-in route cannot be used as an open redirect. Absolute URLs, scheme-relative {@code //host}, {@code /\host},
 * control characters and their percent-encoded variants are rejected. Pure function; never blocks.
 */
final class RedirectTargets {

	/**
	 * The longest target, in UTF-8 bytes: the transaction cookie carrying it must stay within a browser's 4,096 bytes
	 * per cookie, whatever the characters (TransactionCookieCodecTests measures the worst cases).
	 */
	static final int MAX_UTF8_BYTES = 2048;

	private RedirectTargets() {
	}

	/**
	 * @param target the requested target
	 * @return the target when it is a safe same-origin relative path, else {@code null}
	 */
	static @Nullable String sanitize(@Nullable String target) {
		if (target == null || target.isEmpty() || utf8Length(target) > MAX_UTF8_BYTES) {
			return null;
		}
		String decoded = target;
		// Decode repeatedly so that %2F%2F, %5C and double-encoded variants are judged as the browser may see them.
		for (int i = 0; i < 3; i++) {
			if (!isSafe(decoded)) {
				return null;
			}
			String next;
			try {
				next = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
			if (next.equals(decoded)) {
				break;
			}
			decoded = next;
		}
		if (!isSafe(decoded)) {
			return null;
		}
		try {
			URI uri = new URI(target);
			if (uri.isAbsolute() || uri.getRawAuthority() != null) {
				return null;
			}
		}
		catch (URISyntaxException ex) {
			return null;
		}
		return target;
	}

	/** The UTF-8 length of a string, counting no further than one past the limit. */
	private static int utf8Length(String value) {
		if (value.length() > MAX_UTF8_BYTES) {
			return value.length();
		}
		int bytes = 0;
		for (int i = 0; i < value.length() && bytes <= MAX_UTF8_BYTES; i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c)) {
				// with its low surrogate: 4 bytes for the pair
				bytes += 2;
			}
			else {
				bytes += Character.isLowSurrogate(c) ? 2 : 3;
			}
		}
		return bytes;
	}

	private static boolean isSafe(String value) {
		if (!value.startsWith("/")) {
			return false;
		}
		if (value.length() > 1 && (value.charAt(1) == '/' || value.charAt(1) == '\\')) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' || c < 0x20 || c == 0x7f) {
				return false;
			}
		}
		return true;
	}
}
