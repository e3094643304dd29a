package io.github.logtoreactive;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The rules {@link LogtoConfig}'s values follow: Logto's normalization of scopes, resources and prompt (as its SDKs
 * apply them), and the checks {@link LogtoConfig.Builder#build()} runs, each failing with a
 * {@link LogtoConfigurationException} naming the setting.
 */
final class LogtoConfigRules {

	private static final List<String> RESERVED_SCOPES = List.of(ReservedScope.OPENID, ReservedScope.OFFLINE_ACCESS,
			UserScope.PROFILE);

	private LogtoConfigRules() {
	}

	static List<String> normalizeScopes(List<String> scopes, boolean includeReserved) {
		Set<String> result = new LinkedHashSet<>();
		if (includeReserved) {
			result.addAll(RESERVED_SCOPES);
		}
		result.addAll(scopes);
		return List.copyOf(result);
	}

	static List<String> normalizeResources(List<String> scopes, List<String> resources) {
		Set<String> result = new LinkedHashSet<>(resources);
		if (scopes.contains(UserScope.ORGANIZATIONS)) {
			result.add(ReservedResource.ORGANIZATION);
		}
		return List.copyOf(result);
	}

	static String joinPrompt(List<Prompt> prompt) {
		StringBuilder sb = new StringBuilder();
		for (Prompt p : prompt) {
			if (sb.length() > 0) {
				sb.append(' ');
			}
			sb.append(p.value());
		}
		return sb.toString();
	}

	static URI validateEndpoint(@Nullable String endpoint) {
		if (endpoint == null || endpoint.isBlank()) {
			throw new LogtoConfigurationException("endpoint",
					"endpoint is required: set it to your Logto endpoint, e.g. https://your-tenant.logto.app");
		}
		URI uri;
		try {
			uri = new URI(endpoint.trim());
		}
		catch (URISyntaxException ex) {
			throw new LogtoConfigurationException("endpoint", "endpoint is not a valid URL: '" + endpoint + "'");
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
			throw new LogtoConfigurationException("endpoint",
					"endpoint must be an absolute http or https URL, got '" + endpoint + "'");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
			throw new LogtoConfigurationException("endpoint",
					"endpoint must not carry a query, fragment or user info, got '" + endpoint + "'");
		}
		String s = uri.toString();
		while (s.endsWith("/")) {
			s = s.substring(0, s.length() - 1);
		}
		return URI.create(s);
	}

	private static boolean isAbsoluteUri(String value) {
		try {
			return new URI(value).isAbsolute();
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	static void requireNoBlank(String field, List<String> values) {
		for (String v : values) {
			if (v == null || v.isBlank()) {
				throw new LogtoConfigurationException(field, field + " must not contain blank values");
			}
			if (v.chars().anyMatch(Character::isWhitespace)) {
				throw new LogtoConfigurationException(field,
						field + " values must not contain whitespace, got '" + v + "'");
			}
		}
	}

	static void requirePositive(String field, Duration d) {
		if (d.isNegative() || d.isZero()) {
			throw new LogtoConfigurationException(field, field + " must be positive, got " + d);
		}
	}

	static void requireNonNegative(String field, Duration d) {
		if (d.isNegative()) {
			throw new LogtoConfigurationException(field, field + " must not be negative, got " + d);
		}
	}

	static void requireAbsoluteUris(String field, List<String> values) {
		for (String value : values) {
			if (!isAbsoluteUri(value)) {
				throw new LogtoConfigurationException(field,
						field + " must be absolute URIs (API resource indicators), got '" + value + "'");
			}
		}
	}
}
