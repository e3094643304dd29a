package io.github.logtoreactive.support;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionBinding;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The tests' one in-memory {@link SessionBinding}: one user agent's session as its cookie carries it from request to
 * request, counting loads and saves. Never blocks.
 */
public final class TestSessionBinding implements SessionBinding {

	private final AtomicReference<@Nullable LogtoSession> session = new AtomicReference<>();

	public final AtomicInteger loads = new AtomicInteger();

	public final AtomicInteger saves = new AtomicInteger();

	public TestSessionBinding() {
	}

	public TestSessionBinding(@Nullable LogtoSession initial) {
		this.session.set(initial);
	}

	public @Nullable LogtoSession current() {
		return this.session.get();
	}

	public void set(@Nullable LogtoSession value) {
		this.session.set(value);
	}

	@Override
	public Mono<LogtoSession> load() {
		return Mono.defer(() -> {
			this.loads.incrementAndGet();
			return Mono.justOrEmpty(this.session.get());
		});
	}

	@Override
	public Mono<LogtoSession> save(LogtoSession value) {
		return Mono.fromSupplier(() -> {
			this.saves.incrementAndGet();
			this.session.set(value);
			return value;
		});
	}

	@Override
	public Mono<Void> delete() {
		return Mono.fromRunnable(() -> this.session.set(null));
	}
}
