package io.github.logtoreactive.support;

import java.util.Objects;

import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.store.SessionStore;
import reactor.core.publisher.Mono;

/**
 * A {@link SessionStore} whose every operation fails with one given {@link LogtoException}: makes any route that
 * reads the session fail with exactly that exception, to test how integrations answer it.
 */
public final class FailingSessionStore implements SessionStore {

	private final LogtoException failure;

	/**
	 * @param failure what every operation signals
	 */
	public FailingSessionStore(LogtoException failure) {
		this.failure = Objects.requireNonNull(failure, "failure");
	}

	@Override
	public Mono<LogtoSession> load(String sessionId) {
		return Mono.error(this.failure);
	}

	@Override
	public Mono<Boolean> save(LogtoSession session, long expectedVersion) {
		return Mono.error(this.failure);
	}

	@Override
	public Mono<Void> delete(String sessionId) {
		return Mono.error(this.failure);
	}
}
