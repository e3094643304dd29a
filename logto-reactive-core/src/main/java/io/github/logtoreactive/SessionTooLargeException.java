package io.github.logtoreactive;

/**
 * The session does not fit in the configured number of cookies, even compressed and split into chunks: the browser
 * would drop it and the user would loop through sign-in. Signalled by the cookie codec when writing, never on read.
 * Code {@code session.too_large}.
 *
 * <p>
 * What to do: keep fewer tokens in the session (fewer resources and organizations per user), raise
 * {@code maxChunks}, or use an external store (Redis, in-memory, any
 * {@link io.github.logtoreactive.store.SessionStore}) so that the cookie only carries a session id.
 */
public final class SessionTooLargeException extends LogtoException {

	private static final long serialVersionUID = 1L;

	private final int requiredChunks;

	private final int maxChunks;

	/**
	 * @param requiredChunks how many cookies the session would need
	 * @param maxChunks the configured maximum
	 */
	public SessionTooLargeException(int requiredChunks, int maxChunks) {
		super("session.too_large", "The session needs " + requiredChunks + " cookies of at most 4096 bytes but "
				+ maxChunks + " are allowed (maxChunks). Use an external session store (RedisSessionStore, "
				+ "InMemorySessionStore or your own SessionStore) so the cookie only carries a session id, "
				+ "or raise maxChunks (and the server's maximum request header size).", null);
		this.requiredChunks = requiredChunks;
		this.maxChunks = maxChunks;
	}

	/**
	 * @return how many cookies the session would need (a lower bound when encoding stopped early)
	 */
	public int requiredChunks() {
		return this.requiredChunks;
	}

	/**
	 * @return the configured maximum number of cookies
	 */
	public int maxChunks() {
		return this.maxChunks;
	}
}
