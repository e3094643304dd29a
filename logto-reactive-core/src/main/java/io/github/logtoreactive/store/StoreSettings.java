package io.github.logtoreactive.store;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.logtoreactive.LogtoConfigurationException;

/**
 * Validation shared by the store builders.
 */
final class StoreSettings {

	private StoreSettings() {
	}

	static void requirePositive(String field, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new LogtoConfigurationException(field, field + " must be a positive duration");
		}
	}
}
