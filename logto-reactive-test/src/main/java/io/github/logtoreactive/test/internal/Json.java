package io.github.logtoreactive.test.internal;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/** JSON writing and reading through nimbus' bundled parser; keeps insertion order and writes {@code null}s. */
final class Json {

	private Json() {
	}

	static String write(Map<String, ?> object) {
		return JSONObjectUtils.toJSONString(object);
	}

	static Map<String, Object> read(String text) throws ParseException {
		return new LinkedHashMap<>(JSONObjectUtils.parse(text));
	}

	/** @return a new insertion-ordered map built from alternating keys and values */
	static Map<String, Object> object(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}
}
