package io.github.logtoreactive.test.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Redirect URI matching as in Logto's {@code core/oidc/redirect-uri}: normalized exact match, and for
 * {@code http} loopback IP literals ({@code 127.0.0.1}, {@code [::1]}) any port (RFC 8252). Wildcards are not
 * supported by this test server.
 */
final class RedirectUris {

	private RedirectUris() {
	}

	static boolean matches(List<String> registered, String presented, boolean loopbackAnyPort) {
		if (presented.contains("*")) {
			return false;
		}
		URI candidate = parse(presented);
		if (candidate == null) {
			return false;
		}
		for (String uri : registered) {
			URI allowed = parse(uri);
			if (allowed == null) {
				continue;
			}
			if (allowed.equals(candidate)) {
				return true;
			}
			if (loopbackAnyPort && isLoopback(allowed) && isLoopback(candidate)
					&& withoutPort(allowed).equals(withoutPort(candidate))) {
				return true;
			}
		}
		return false;
	}

	private static URI parse(String value) {
		try {
			URI uri = new URI(value).normalize();
			if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
				uri = new URI(uri.getScheme(), uri.getRawAuthority(), "/", uri.getRawQuery(), uri.getRawFragment());
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static boolean isLoopback(URI uri) {
		return "http".equals(uri.getScheme())
				&& ("127.0.0.1".equals(uri.getHost()) || "[::1]".equals(uri.getHost()));
	}

	private static String withoutPort(URI uri) {
		return uri.getScheme() + "://" + uri.getHost() + uri.getRawPath() + "?" + uri.getRawQuery();
	}
}
