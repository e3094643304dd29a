package io.github.logtoreactive.internal.token;

import java.util.concurrent.atomic.AtomicReference;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionBinding;
import reactor.core.publisher.Mono;

/** A binding holding one session in memory, like one request's cookie. */
final class HeldSessionBinding implements SessionBinding {

	final AtomicReference<LogtoSession> session;

	HeldSessionBinding(LogtoSession session) {
		this.session = new AtomicReference<>(session);
	}

	@Override
	public Mono<LogtoSession> load() {
		return Mono.justOrEmpty(this.session.get());
	}

	@Override
	public Mono<LogtoSession> save(LogtoSession session) {
		return Mono.fromSupplier(() -> {
			this.session.set(session);
			return session;
		});
	}

	@Override
	public Mono<Void> delete() {
		return Mono.fromRunnable(() -> this.session.set(null));
	}
}
