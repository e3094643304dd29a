package io.github.logtoreactive.example;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/**
 * Reads and bounds the query parameters of the JSON endpoints; a bad value is a 400
 * ({@link ApiErrors.BadParameterException}), never a 500.
 */
final class Params {

	static final int MAX_RESOURCE_LENGTH = 2048;

	static final int MAX_ORGANIZATION_ID_LENGTH = 256;

	private Params() {
	}

	/**
	 * @param query the query parameters
	 * @param name a parameter
	 * @return {@code true} for {@code true}/{@code 1}/{@code yes}/{@code on}, {@code false} when absent, empty or
	 * {@code false}/{@code 0}/{@code no}/{@code off}
	 */
	static boolean flag(MultiValueMap<String, String> query, String name) {
		String value = query.getFirst(name);
		if (value == null) {
			return false;
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "true", "1", "yes", "on" -> true;
			case "", "false", "0", "no", "off" -> false;
			default -> throw new ApiErrors.BadParameterException("invalid_request", name + " must be true or false");
		};
	}

	/**
	 * @param query the query parameters
	 * @param name a parameter
	 * @param defaultValue the value when absent or empty
	 * @param min the smallest value allowed
	 * @param max the largest value allowed
	 * @return the value
	 */
	static int integer(MultiValueMap<String, String> query, String name, int defaultValue, int min, int max) {
		String value = query.getFirst(name);
		if (value == null || value.isBlank()) {
			return defaultValue;
		}
		int parsed;
		try {
			parsed = Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new ApiErrors.BadParameterException("invalid_request",
					name + " must be an integer between " + min + " and " + max);
		}
		if (parsed < min || parsed > max) {
			throw new ApiErrors.BadParameterException("invalid_request",
					name + " must be between " + min + " and " + max);
		}
		return parsed;
	}

	/**
	 * @param query the query parameters
	 * @return the {@code resource} parameter (an absolute URI, RFC 8707), or {@code null} when absent or empty
	 */
	static @Nullable String resource(MultiValueMap<String, String> query) {
		String value = query.getFirst("resource");
		if (value == null || value.isEmpty()) {
			return null;
		}
		if (value.length() > MAX_RESOURCE_LENGTH || !isPrintable(value)) {
			throw new ApiErrors.BadParameterException("invalid_target",
					"resource must be an absolute URI of at most " + MAX_RESOURCE_LENGTH + " characters");
		}
		try {
			URI uri = new URI(value);
			if (!uri.isAbsolute() || uri.getRawFragment() != null) {
				throw new URISyntaxException(value, "not absolute");
			}
		}
		catch (URISyntaxException ex) {
			throw new ApiErrors.BadParameterException("invalid_target",
					"resource must be an absolute URI without a fragment, e.g. https://api.example.com");
		}
		return value;
	}

	/**
	 * @param query the query parameters
	 * @return the {@code organizationId} parameter, or {@code null} when absent or empty
	 */
	static @Nullable String organizationId(MultiValueMap<String, String> query) {
		String value = query.getFirst("organizationId");
		if (value == null || value.isEmpty()) {
			return null;
		}
		if (value.length() > MAX_ORGANIZATION_ID_LENGTH || !isPrintable(value)) {
			throw new ApiErrors.BadParameterException("invalid_request",
					"organizationId must be an organization id of at most " + MAX_ORGANIZATION_ID_LENGTH
							+ " printable characters");
		}
		return value;
	}

	private static boolean isPrintable(String value) {
		return value.chars().allMatch(c -> c > 0x20 && c != 0x7f);
	}
}
