package io.github.logtoreactive;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One entry of Logto's {@code organization_data} user-info claim. Immutable.
 *
 * @param id the organization id
 * @param name the organization name
 * @param description the description, or {@code null}
 */
public record OrganizationData(String id, @Nullable String name, @Nullable String description) {

	/**
	 * @param id the organization id
	 * @param name the organization name
	 * @param description the description
	 */
	public OrganizationData {
		Objects.requireNonNull(id, "id");
	}
}
