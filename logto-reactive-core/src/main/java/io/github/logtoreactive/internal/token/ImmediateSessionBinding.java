package io.github.logtoreactive.internal.token;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionBinding;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionBinding} whose session can be read on the calling thread when that needs no I/O (a request's cookie
 * session), so that a signed-in request is decided without assembling a {@code Mono}
 * ({@link TokenFlow#isAuthenticatedNow}). Never blocks.
 */
public interface ImmediateSessionBinding extends SessionBinding {

	/**
	 * Reads the session now if that needs no I/O and it was not read yet.
	 * @return whether the session is read (now or earlier); {@code false} when reading it needs I/O: use
	 * {@link #load()}
	 */
	boolean readNow();

	/**
	 * @return the session as it is now, {@code null} when there is none; meaningful once {@link #readNow()} answered
	 * {@code true}
	 */
	@Nullable LogtoSession current();
}
