package io.github.logtoreactive.test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** An ordered, copy-on-build map from resource indicator to scope names, shared by the role builders. */
final class ScopeTable {

	private final Map<String, Set<String>> scopes = new LinkedHashMap<>();

	void add(String indicator, String scope) {
		this.scopes.computeIfAbsent(Names.requireText(indicator, "resource indicator"), (key) -> new LinkedHashSet<>())
			.add(Names.requireText(scope, "scope"));
	}

	Map<String, Set<String>> toUnmodifiableMap() {
		Map<String, Set<String>> copy = new LinkedHashMap<>();
		this.scopes.forEach((indicator, names) -> copy.put(indicator,
				Collections.unmodifiableSet(new LinkedHashSet<>(names))));
		return Collections.unmodifiableMap(copy);
	}
}
