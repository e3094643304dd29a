package io.github.logtoreactive.test;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** Argument checks shared by the configuration builders. */
final class Names {

	private Names() {
	}

	static String requireText(String value, String what) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(what + " must not be blank");
		}
		return value;
	}

	static Set<String> requireTexts(Collection<String> values, String what) {
		Set<String> result = new LinkedHashSet<>();
		for (String value : values) {
			result.add(requireText(value, what));
		}
		return result;
	}
}
