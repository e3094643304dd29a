package io.github.logtoreactive.internal.observation;

import io.github.logtoreactive.internal.session.StoreOperation;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * The observation context of one session-store operation: which one, the outcome of what it produced (never the value
 * itself: a session holds tokens), whether the caller cancelled.
 * A client-kind context towards {@code redis}; it propagates nothing (Redis commands carry no headers).
 */
public final class SessionStoreObservationContext extends SenderContext<Object> {

	private final StoreOperation operation;

	private volatile @Nullable String produced;

	private volatile boolean cancelled;

	/**
	 * @param operation the operation
	 */
	public SessionStoreObservationContext(StoreOperation operation) {
		super((carrier, name, value) -> {
		}, Kind.CLIENT);
		this.operation = operation;
		setRemoteServiceName("redis");
	}

	/**
	 * @return the operation
	 */
	public StoreOperation operation() {
		return this.operation;
	}

	/**
	 * @return the outcome the operation's result means: what it produced, or that it completed empty
	 */
	public String resultOutcome() {
		String outcome = this.produced;
		return outcome != null ? outcome : this.operation.outcome(null);
	}

	/**
	 * @return whether the caller cancelled before the operation ended
	 */
	public boolean isCancelled() {
		return this.cancelled;
	}

	void produced(Object value) {
		this.produced = this.operation.outcome(value);
	}

	void cancel() {
		this.cancelled = true;
	}
}
