package io.github.logtoreactive.web;

import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.store.SessionStore;
import org.jspecify.annotations.Nullable;

/**
 * A request's binding to a stored session, as {@link RequestSession} binds its client to a store, for tests outside
 * this package (the refresh coordinator's).
 */
public final class StoreBindings {

	private StoreBindings() {
	}

	/**
	 * @param store the store
	 * @param sessionId the id the request's cookie named, or {@code null}
	 * @return the binding: reads the store once, writes with compare-and-set and merges concurrent writes
	 */
	public static SessionBinding of(SessionStore store, @Nullable String sessionId) {
		return StoreSessionBinding.of(store, sessionId);
	}
}
