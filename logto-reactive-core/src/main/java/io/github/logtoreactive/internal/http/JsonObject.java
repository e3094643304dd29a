package io.github.logtoreactive.internal.http;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.InvalidResponseException;
import io.github.logtoreactive.internal.LogtoErrors;
import org.jspecify.annotations.Nullable;

/**
 * A parsed JSON object from a Logto response, with typed reads that fail as {@link InvalidResponseException} naming
 * the endpoint and the field (never the value). Parsing uses the JSON parser bundled with nimbus-jose-jwt.
 * <p>
 * Public only because the internal discovery and token packages use it.
 */
public final class JsonObject {

	private final String source;

	private final Map<String, Object> values;

	private JsonObject(String source, Map<String, Object> values) {
		this.source = source;
		this.values = values;
	}

	/**
	 * @param source what answered, e.g. {@code token endpoint} (for messages)
	 * @param body the response body
	 * @return the parsed object
	 * @throws InvalidResponseException when the body is not a JSON object
	 */
	public static JsonObject parse(String source, String body) {
		try {
			return new JsonObject(source, JSONObjectUtils.parse(body));
		}
		catch (ParseException | RuntimeException ex) {
			throw LogtoErrors.invalidResponse(source + " answered with a body that is not a JSON object", ex);
		}
	}

	/**
	 * @param source what answered
	 * @param body the response body
	 * @return the parsed object, or {@code null} when the body is not a JSON object
	 */
	public static @Nullable JsonObject tryParse(String source, String body) {
		if (body.isBlank()) {
			return null;
		}
		try {
			return new JsonObject(source, JSONObjectUtils.parse(body));
		}
		catch (ParseException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * @return the raw values (unmodifiable view; JSON {@code null} values are kept as {@code null})
	 */
	public Map<String, Object> values() {
		return Collections.unmodifiableMap(this.values);
	}

	/**
	 * @param name the field
	 * @return the string value, or {@code null} when absent or JSON {@code null}
	 * @throws InvalidResponseException when the value is not a string
	 */
	public @Nullable String optionalString(String name) {
		Object value = this.values.get(name);
		if (value == null) {
			return null;
		}
		if (value instanceof String s) {
			return s;
		}
		throw invalid(name, "is not a string");
	}

	/**
	 * @param name the field
	 * @return the non-empty string value
	 * @throws InvalidResponseException when absent, empty or not a string
	 */
	public String requiredString(String name) {
		String value = optionalString(name);
		if (value == null || value.isEmpty()) {
			throw invalid(name, "is missing");
		}
		return value;
	}

	/**
	 * @param name the field
	 * @return the boolean value, or {@code null} when absent or JSON {@code null}
	 * @throws InvalidResponseException when the value is not a boolean
	 */
	public @Nullable Boolean optionalBoolean(String name) {
		Object value = this.values.get(name);
		if (value == null) {
			return null;
		}
		if (value instanceof Boolean b) {
			return b;
		}
		throw invalid(name, "is not a boolean");
	}

	/**
	 * @param name the field
	 * @return the list of strings, or {@code null} when absent or JSON {@code null}
	 * @throws InvalidResponseException when the value is not an array of strings
	 */
	public @Nullable List<String> optionalStringList(String name) {
		Object value = this.values.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof List<?> list)) {
			throw invalid(name, "is not an array");
		}
		List<String> result = new ArrayList<>(list.size());
		for (Object item : list) {
			if (!(item instanceof String s)) {
				throw invalid(name, "is not an array of strings");
			}
			result.add(s);
		}
		return List.copyOf(result);
	}

	/**
	 * @param name the field
	 * @return the value as a whole, non-negative number, or {@code null} when absent or JSON {@code null}
	 * @throws InvalidResponseException when the value is not a whole, non-negative number
	 */
	public @Nullable Long optionalNonNegativeLong(String name) {
		Object value = this.values.get(name);
		if (value == null) {
			return null;
		}
		if (value instanceof Long l && l >= 0) {
			return l;
		}
		if (value instanceof Double d && d >= 0 && d <= Long.MAX_VALUE && d == Math.rint(d)) {
			return d.longValue();
		}
		throw invalid(name, "is not a non-negative whole number");
	}

	private InvalidResponseException invalid(String name, String problem) {
		return LogtoErrors.invalidResponse(this.source + " response field '" + name + "' " + problem, null);
	}
}
