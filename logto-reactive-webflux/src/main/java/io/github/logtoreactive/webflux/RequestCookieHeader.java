package io.github.logtoreactive.webflux;

import java.util.Map;

/**
 * Reads a {@code Cookie} request header into names and values exactly as Netty's {@code ServerCookieDecoder.STRICT}
 * does (Reactor Netty's default, what Spring's {@code ServerHttpRequest.getCookies()} returns on it): pairs separated
 * by {@code ;} (and leading whitespace or {@code ,}), a pair without {@code =} or with an empty name skipped, one pair
 * of enclosing double quotes removed from a value, and a pair skipped whose name is not an RFC 6265 token or whose
 * value holds a character outside {@code cookie-octet}; with an RFC 2965 header ({@code $Version} first), its
 * {@code $Path}, {@code $Domain} and {@code $Port} attributes are skipped. Allocates the names and values only.
 * Never blocks.
 */
final class RequestCookieHeader {

	private static final String RFC2965_VERSION = "$Version";

	private static final boolean[] NAME_OCTETS = new boolean[128];

	private static final boolean[] VALUE_OCTETS = new boolean[128];

	static {
		String separators = "()<>@,;:\\\"/[]?={} \t";
		for (char c = 0x21; c < 0x7f; c++) {
			NAME_OCTETS[c] = separators.indexOf(c) < 0;
			VALUE_OCTETS[c] = c != '"' && c != ',' && c != ';' && c != '\\';
		}
	}

	private RequestCookieHeader() {
	}

	/**
	 * Adds the header's cookies to {@code into}, each name with the first value it was sent with.
	 * @param header a {@code Cookie} header's value
	 * @param into the request's cookies so far
	 */
	static void parse(String header, Map<String, String> into) {
		int length = header.length();
		int i = 0;
		boolean rfc2965 = false;
		if (header.regionMatches(true, 0, RFC2965_VERSION, 0, RFC2965_VERSION.length())) {
			i = header.indexOf(';') + 1;
			rfc2965 = true;
		}
		while (true) {
			while (i < length && isSeparator(header.charAt(i))) {
				i++;
			}
			if (i == length) {
				return;
			}
			int nameBegin = i;
			int nameEnd;
			int valueBegin;
			int valueEnd;
			while (true) {
				char c = header.charAt(i);
				if (c == ';') {
					nameEnd = i;
					valueBegin = -1;
					valueEnd = -1;
					break;
				}
				if (c == '=') {
					nameEnd = i;
					i++;
					if (i == length) {
						valueBegin = 0;
						valueEnd = 0;
						break;
					}
					valueBegin = i;
					int semicolon = header.indexOf(';', i);
					valueEnd = semicolon > 0 ? semicolon : length;
					i = valueEnd;
					break;
				}
				i++;
				if (i == length) {
					nameEnd = length;
					valueBegin = -1;
					valueEnd = -1;
					break;
				}
			}
			if (rfc2965 && isRfc2965Attribute(header, nameBegin)) {
				continue;
			}
			add(header, nameBegin, nameEnd, valueBegin, valueEnd, into);
		}
	}

	private static void add(String header, int nameBegin, int nameEnd, int valueBegin, int valueEnd,
			Map<String, String> into) {
		if (nameBegin == nameEnd || valueBegin == -1) {
			return;
		}
		int begin = valueBegin;
		int end = valueEnd;
		if (end > begin && header.charAt(begin) == '"') {
			if (end - begin < 2 || header.charAt(end - 1) != '"') {
				return;
			}
			begin++;
			end--;
		}
		if (!allIn(header, nameBegin, nameEnd, NAME_OCTETS) || !allIn(header, begin, end, VALUE_OCTETS)) {
			return;
		}
		into.putIfAbsent(header.substring(nameBegin, nameEnd), header.substring(begin, end));
	}

	private static boolean allIn(String header, int begin, int end, boolean[] octets) {
		for (int i = begin; i < end; i++) {
			char c = header.charAt(i);
			if (c >= octets.length || !octets[c]) {
				return false;
			}
		}
		return true;
	}

	private static boolean isSeparator(char c) {
		return c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r' || c == ' ' || c == ',' || c == ';';
	}

	private static boolean isRfc2965Attribute(String header, int nameBegin) {
		return header.startsWith("$Path", nameBegin) || header.startsWith("$Domain", nameBegin)
				|| header.startsWith("$Port", nameBegin);
	}
}
