package io.github.logtoreactive.test.flows;

import java.util.concurrent.atomic.AtomicReference;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionBinding;
import reactor.core.publisher.Mono;

/**
 * One browser's session held in memory, as a cookie would carry it from request to request. Never blocks.
 */
final class MemorySessionBinding implements SessionBinding {

	private final AtomicReference<LogtoSession> session;

	MemorySessionBinding() {
		this(null);
	}

	/** @param initial the session the browser's cookie carries, or {@code null} */
	MemorySessionBinding(LogtoSession initial) {
		this.session = new AtomicReference<>(initial);
	}

	/** @return the session as it stands, or {@code null} after a sign-out (or before any sign-in) */
	LogtoSession current() {
		return this.session.get();
	}

	@Override
	public Mono<LogtoSession> load() {
		return Mono.fromSupplier(this.session::get);
	}

	@Override
	public Mono<LogtoSession> save(LogtoSession value) {
		return Mono.fromSupplier(() -> {
			this.session.set(value);
			return value;
		});
	}

	@Override
	public Mono<Void> delete() {
		return Mono.fromRunnable(() -> this.session.set(null));
	}
}
