package io.github.logtoreactive.internal;

import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * Reads the outcome of a {@link Mono} on the calling thread when Reactor's contract says it is there: a {@code Mono}
 * that implements {@link Callable} ({@code Mono.just}, {@code Mono.empty}, {@code Mono.fromSupplier},
 * {@code Mono.fromCallable}) is a synchronous source whose {@code call()} is what a subscriber would receive,
 * {@code null} meaning empty. Reactor's own operators read such sources the same way instead of subscribing to them
 * ({@code flatMap}'s scalar path).
 *
 * <p>
 * The request path uses it to decide a signed-in request without assembling operators when everything it needs is in
 * memory (a cookie session, a record of ended sessions kept in memory). Calling the source is subscribing to it: use it
 * only where the caller would subscribe at once, and subscribe instead when the outcome is unknown (which calls the
 * source again when it failed, so the subscriber sees the error). Never blocks.
 */
public final class Immediate {

	private Immediate() {
	}

	/**
	 * @param mono a {@code Mono} the caller is about to subscribe to
	 * @param ifEmpty what to answer when it is known to complete empty
	 * @param ifUnknown what to answer when its outcome is not known without subscribing (not a synchronous source),
	 * or it failed
	 * @param <T> the type of its value
	 * @return its value, {@code ifEmpty} or {@code ifUnknown}
	 */
	@SuppressWarnings("unchecked")
	public static <T> @Nullable T valueOf(Mono<? extends T> mono, @Nullable T ifEmpty, @Nullable T ifUnknown) {
		if (!(mono instanceof Callable<?> source)) {
			return ifUnknown;
		}
		try {
			Object value = source.call();
			return value == null ? ifEmpty : (T) value;
		}
		catch (Throwable ex) {
			Exceptions.throwIfJvmFatal(ex);
			return ifUnknown;
		}
	}
}
