package io.github.logtoreactive.web;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Reads an {@code Accept} header for {@link RouteRequest#prefersHtml()}. Pure function; never blocks.
 */
final class AcceptHeader {

	private AcceptHeader() {
	}

	/**
	 * @param accept an {@code Accept} header, or {@code null}
	 * @return whether one of its media ranges is {@code text/html} or {@code text/*} (parameters and weights aside)
	 */
	static boolean namesHtml(@Nullable String accept) {
		if (accept == null) {
			return false;
		}
		for (String range : accept.split(",")) {
			int parameters = range.indexOf(';');
			String type = (parameters < 0 ? range : range.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
			if (type.equals("text/html") || type.equals("text/*")) {
				return true;
			}
		}
		return false;
	}
}
