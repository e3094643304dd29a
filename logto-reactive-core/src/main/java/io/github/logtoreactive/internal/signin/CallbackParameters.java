package io.github.logtoreactive.internal.signin;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.logtoreactive.CallbackError;
import io.github.logtoreactive.CallbackValidationException;
import org.jspecify.annotations.Nullable;

/**
 * A parsed sign-in callback URL: where it arrived (scheme, host, port, path) and the parameters Logto sent. A URL
 * that cannot be parsed, or that repeats one of the protocol's parameters (an ambiguity an attacker could exploit),
 * is refused with {@link CallbackError#MALFORMED_URI}.
 */
final class CallbackParameters {

	private static final Set<String> SINGLE_VALUED = Set.of("code", "state", "iss", "error", "error_description");

	private final URI uri;

	private final Map<String, String> params;

	private CallbackParameters(URI uri, Map<String, String> params) {
		this.uri = uri;
		this.params = params;
	}

	static CallbackParameters parse(String callbackUri) {
		URI uri;
		try {
			uri = new URI(callbackUri);
		}
		catch (URISyntaxException ex) {
			throw malformed("the callback URL cannot be parsed");
		}
		if (!uri.isAbsolute() || uri.getHost() == null) {
			throw malformed("the callback URL must be absolute");
		}
		Map<String, String> params = new HashMap<>();
		String query = uri.getRawQuery();
		if (query != null && !query.isEmpty()) {
			for (String pair : query.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int eq = pair.indexOf('=');
				String name = decode(eq < 0 ? pair : pair.substring(0, eq));
				String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
				if (params.containsKey(name) && SINGLE_VALUED.contains(name)) {
					throw malformed("the callback URL repeats the '" + name + "' parameter");
				}
				params.putIfAbsent(name, value);
			}
		}
		return new CallbackParameters(uri, params);
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw malformed("the callback URL has a malformed percent-encoding");
		}
	}

	private static CallbackValidationException malformed(String message) {
		return new CallbackValidationException(CallbackError.MALFORMED_URI, message);
	}

	/**
	 * @param name a parameter
	 * @return its value, or {@code null} when absent or empty
	 */
	@Nullable
	String get(String name) {
		String value = this.params.get(name);
		return value == null || value.isEmpty() ? null : value;
	}

	/**
	 * Whether the callback arrived on exactly the redirect URI: same scheme and host (case-insensitive), same
	 * effective port, same path (an empty path is {@code /}); the query is not compared.
	 * @param redirectUri the transaction's redirect URI
	 * @return whether it matches
	 */
	boolean arrivedOn(String redirectUri) {
		URI expected;
		try {
			expected = new URI(redirectUri);
		}
		catch (URISyntaxException ex) {
			return false;
		}
		return this.uri.getScheme().equalsIgnoreCase(expected.getScheme())
				&& this.uri.getHost().toLowerCase(Locale.ROOT).equals(
						expected.getHost() == null ? null : expected.getHost().toLowerCase(Locale.ROOT))
				&& port(this.uri) == port(expected) && path(this.uri).equals(path(expected));
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	private static String path(URI uri) {
		String path = uri.getRawPath();
		return path == null || path.isEmpty() ? "/" : path;
	}
}
