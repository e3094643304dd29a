package io.github.logtoreactive.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Refuses cross-site state-changing requests (sign-out) without a CSRF token: a browser always names the page that
 * sent a form in {@code Origin} (and usually {@code Referer} and {@code Sec-Fetch-Site}), so a request from another
 * site is recognised and refused, while a plain same-site form works. {@code Origin: null} (a page whose referrer
 * policy is {@code no-referrer}, or an opaque origin) passes only with {@code Sec-Fetch-Site: same-origin}. A request
 * carrying none of these headers did not come from a browser page and cannot ride on a victim's cookies. Pure
 * function; never blocks.
 */
final class SameOriginCheck {

	private SameOriginCheck() {
	}

	/**
	 * @param request the request
	 * @param expectedOrigin the application's origin ({@code scheme://host[:port]})
	 * @return whether the request may proceed
	 */
	static boolean isSameOrigin(RouteRequest request, String expectedOrigin) {
		String fetchSite = request.header("Sec-Fetch-Site");
		if (fetchSite != null && fetchSite.toLowerCase(Locale.ROOT).equals("cross-site")) {
			return false;
		}
		String origin = request.header("Origin");
		if ("null".equals(origin)) {
			// a page with Referrer-Policy: no-referrer (Spring Security's default header) posts with Origin: null;
			// the browser's own Sec-Fetch-Site still tells whether the page was this site
			return fetchSite != null && fetchSite.toLowerCase(Locale.ROOT).equals("same-origin");
		}
		if (origin != null) {
			return expectedOrigin.equalsIgnoreCase(normalize(origin));
		}
		String referer = request.header("Referer");
		if (referer != null) {
			return expectedOrigin.equalsIgnoreCase(normalize(referer));
		}
		return true;
	}

	/**
	 * @param url an absolute URL
	 * @return its origin, {@code scheme://host[:port]} with default ports dropped, or {@code ""} when unparsable
	 */
	static String normalize(@Nullable String url) {
		if (url == null) {
			return "";
		}
		try {
			URI uri = new URI(url.trim());
			if (uri.getScheme() == null || uri.getHost() == null) {
				return "";
			}
			String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
			int port = uri.getPort();
			boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80)
					|| ("https".equals(scheme) && port == 443);
			return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
		}
		catch (URISyntaxException ex) {
			return "";
		}
	}
}
