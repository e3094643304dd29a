package io.github.logtoreactive.internal.session;

import org.jspecify.annotations.Nullable;

/**
 * The operations of a session store, as observations name them, each with the outcome its result means.
 */
public enum StoreOperation {

	/** Reading a session: {@code HIT} or {@code MISS} (absent, expired or unreadable). */
	LOAD("load", "HIT", "MISS"),

	/** Writing a session: {@code WRITTEN}, or {@code CONFLICT} when another write came first. */
	SAVE("save", "WRITTEN", "CONFLICT"),

	/** Deleting a session. */
	DELETE("delete", "SUCCESS", "SUCCESS"),

	/** Taking a refresh lease: {@code ACQUIRED}, or {@code BUSY} when another owner holds it. */
	ACQUIRE_LEASE("acquire_lease", "ACQUIRED", "BUSY"),

	/** Releasing a refresh lease. */
	RELEASE_LEASE("release_lease", "SUCCESS", "SUCCESS");

	private final String tag;

	private final String positive;

	private final String negative;

	StoreOperation(String tag, String positive, String negative) {
		this.tag = tag;
		this.positive = positive;
		this.negative = negative;
	}

	/**
	 * @return the operation's name in tags and spans
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * @param result what the operation produced: {@code null} when it completed empty
	 * @return the outcome it means
	 */
	public String outcome(@Nullable Object result) {
		return result == null || Boolean.FALSE.equals(result) ? this.negative : this.positive;
	}
}
