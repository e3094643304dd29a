package io.github.logtoreactive.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads typed values out of a JSON claims map without trusting its shape: a value of the wrong type reads as
 * absent, never as a {@link ClassCastException}.
 * <p>
 * Public only because the claim types of the root package ({@code UserInfo}, {@code AccessTokenClaims}) use it.
 */
public final class ClaimValues {

	private ClaimValues() {
	}

	/**
	 * @param claims the claims
	 * @param name the claim name
	 * @return the string value, or {@code null} when absent, JSON null or not a string
	 */
	public static @Nullable String string(Map<String, Object> claims, String name) {
		return claims.get(name) instanceof String s ? s : null;
	}

	/**
	 * @param claims the claims
	 * @param name the claim name
	 * @return the boolean value, or {@code null}
	 */
	public static @Nullable Boolean bool(Map<String, Object> claims, String name) {
		return claims.get(name) instanceof Boolean b ? b : null;
	}

	/**
	 * @param claims the claims
	 * @param name the claim name
	 * @return the numeric value as a long, or {@code null}
	 */
	public static @Nullable Long number(Map<String, Object> claims, String name) {
		return claims.get(name) instanceof Number n ? n.longValue() : null;
	}

	/**
	 * @param claims the claims
	 * @param name a claim in epoch seconds (OIDC {@code exp}, {@code iat})
	 * @return the instant, or {@code null}
	 */
	public static @Nullable Instant epochSeconds(Map<String, Object> claims, String name) {
		Long n = number(claims, name);
		return n == null ? null : Instant.ofEpochSecond(n);
	}

	/**
	 * @param claims the claims
	 * @param name a claim in epoch milliseconds (Logto's {@code created_at}, {@code updated_at})
	 * @return the instant, or {@code null}
	 */
	public static @Nullable Instant epochMillis(Map<String, Object> claims, String name) {
		Long n = number(claims, name);
		return n == null ? null : Instant.ofEpochMilli(n);
	}

	/**
	 * @param claims the claims
	 * @param name the claim name
	 * @return the string elements of an array claim (a single string reads as one element); empty when absent
	 */
	public static List<String> strings(Map<String, Object> claims, String name) {
		Object value = claims.get(name);
		if (value instanceof String s) {
			return List.of(s);
		}
		if (!(value instanceof List<?> list)) {
			return List.of();
		}
		List<String> result = new ArrayList<>(list.size());
		for (Object element : list) {
			if (element instanceof String s) {
				result.add(s);
			}
		}
		return Collections.unmodifiableList(result);
	}

	/**
	 * @param claims a claims map as parsed from JSON
	 * @return an unmodifiable copy
	 */
	public static Map<String, Object> copy(Map<String, Object> claims) {
		return Collections.unmodifiableMap(new LinkedHashMap<>(claims));
	}
}
