package io.github.logtoreactive.test.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Read access to request parameters with oidc-provider's rules for presence and duplicates. */
final class Parameters {

	private final Map<String, List<String>> values;

	Parameters(Map<String, List<String>> values) {
		this.values = values;
	}

	/** @return the single value, or {@code null} when absent or empty (oidc-provider treats "" as absent) */
	String get(String name) {
		List<String> list = this.values.get(name);
		if (list == null || list.isEmpty() || list.get(0).isEmpty()) {
			return null;
		}
		return list.get(0);
	}

	List<String> all(String name) {
		List<String> list = this.values.get(name);
		if (list == null) {
			return Collections.emptyList();
		}
		List<String> present = new ArrayList<>();
		for (String value : list) {
			if (!value.isEmpty()) {
				present.add(value);
			}
		}
		return present;
	}

	boolean has(String name) {
		return get(name) != null;
	}

	/** @throws OidcException invalid_request when a required parameter is missing */
	String require(String name) {
		String value = get(name);
		if (value == null) {
			throw OidcException.missingParameters(name);
		}
		return value;
	}

	/** @throws OidcException invalid_request when one of {@code names} occurs more than once */
	void rejectDuplicates(Set<String> checked) {
		List<String> duplicated = new ArrayList<>();
		for (String name : checked) {
			List<String> list = this.values.get(name);
			if (list != null && list.size() > 1) {
				duplicated.add(name);
			}
		}
		if (!duplicated.isEmpty()) {
			String[] names = duplicated.toArray(new String[0]);
			throw OidcException.invalidRequest(OidcException.formatList(names) + " "
					+ OidcException.pluralize("parameter", names.length) + " must not be provided twice");
		}
	}
}
