package io.github.logtoreactive.test.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A JSON/YAML object of a configuration file, read strictly: unknown keys and wrong types fail with a path. */
final class Node {

	private final Map<String, Object> values;

	private final String path;

	Node(Map<String, Object> values, String path, Set<String> known) {
		this.values = values;
		this.path = path;
		for (String key : values.keySet()) {
			if (!known.contains(key)) {
				throw new IllegalArgumentException("unknown key '" + key + "' in " + path + ", expected one of "
						+ new TreeSet<>(known));
			}
		}
	}

	boolean has(String key) {
		return this.values.get(key) != null;
	}

	Optional<String> text(String key) {
		Object value = this.values.get(key);
		if (value == null) {
			return Optional.empty();
		}
		if (value instanceof Map || value instanceof List) {
			throw new IllegalArgumentException(this.path + "." + key + " must be a string");
		}
		return Optional.of(String.valueOf(value));
	}

	String required(String key) {
		return text(key).orElseThrow(() -> new IllegalArgumentException(this.path + "." + key + " is required"));
	}

	Optional<Number> number(String key) {
		Object value = this.values.get(key);
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof Number number)) {
			throw new IllegalArgumentException(this.path + "." + key + " must be a number");
		}
		return Optional.of(number);
	}

	Optional<Boolean> bool(String key) {
		Object value = this.values.get(key);
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof Boolean flag)) {
			throw new IllegalArgumentException(this.path + "." + key + " must be true or false");
		}
		return Optional.of(flag);
	}

	Optional<Duration> duration(String key) {
		Object value = this.values.get(key);
		return (value != null) ? Optional.of(ConfigFileReader.parseDuration(value, this.path + "." + key))
				: Optional.empty();
	}

	Optional<Instant> instant(String key) {
		Object value = this.values.get(key);
		return (value != null) ? Optional.of(ConfigFileReader.parseInstant(value, this.path + "." + key))
				: Optional.empty();
	}

	List<String> texts(String key) {
		Object value = this.values.get(key);
		List<String> result = new ArrayList<>();
		if (value == null) {
			return result;
		}
		if (!(value instanceof List<?> list)) {
			throw new IllegalArgumentException(this.path + "." + key + " must be a list of strings");
		}
		for (Object item : list) {
			result.add(String.valueOf(item));
		}
		return result;
	}

	Map<String, Object> object(String key) {
		Object value = this.values.get(key);
		if (value == null) {
			return new LinkedHashMap<>();
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw new IllegalArgumentException(this.path + "." + key + " must be an object");
		}
		Map<String, Object> result = new LinkedHashMap<>();
		map.forEach((name, item) -> result.put(String.valueOf(name), item));
		return result;
	}

	/** @return an object whose values are lists of strings, e.g. scopes by resource indicator */
	Map<String, List<String>> scopeTable(String key) {
		Map<String, List<String>> result = new LinkedHashMap<>();
		object(key).forEach((name, item) -> {
			if (!(item instanceof List<?> list)) {
				throw new IllegalArgumentException(this.path + "." + key + "." + name + " must be a list of strings");
			}
			List<String> texts = new ArrayList<>();
			list.forEach((entry) -> texts.add(String.valueOf(entry)));
			result.put(name, texts);
		});
		return result;
	}

	List<Node> nodes(String key, Set<String> known) {
		Object value = this.values.get(key);
		List<Node> result = new ArrayList<>();
		if (value == null) {
			return result;
		}
		if (!(value instanceof List<?> list)) {
			throw new IllegalArgumentException(this.path + "." + key + " must be a list of objects");
		}
		for (int i = 0; i < list.size(); i++) {
			if (!(list.get(i) instanceof Map<?, ?> map)) {
				throw new IllegalArgumentException(this.path + "." + key + "[" + i + "] must be an object");
			}
			Map<String, Object> entry = new LinkedHashMap<>();
			map.forEach((name, item) -> entry.put(String.valueOf(name), item));
			result.add(new Node(entry, this.path + "." + key + "[" + i + "]", known));
		}
		return result;
	}
}
