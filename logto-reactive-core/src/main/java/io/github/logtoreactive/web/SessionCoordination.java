package io.github.logtoreactive.web;

import java.util.Objects;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionStoreException;
import io.github.logtoreactive.store.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Cookie sessions on many instances: what the instances of an application share so that sessions kept in cookies
 * keep the guarantees of a cluster-scoped store: {@code SessionStorage.inCookies(sessionCodec, transactionCodec,
 * coordination)}.
 *
 * <ul>
 * <li><strong>One refresh per session across instances.</strong> A refresh holds the session's refresh lease in the
 * shared store, as with {@link io.github.logtoreactive.store.RedisSessionStore}: concurrent requests of one
 * browser on several instances cost one token request; the others wait and adopt its result.</li>
 * <li><strong>Newest tokens everywhere.</strong> Every change of a session's tokens (a refresh, whether before the
 * response was committed or after it, inside a streaming body) is published to the shared store under the session
 * id, encrypted by it, living as long as its idle timeout. The next request of that browser, on any instance, still
 * carries the older cookie: when it needs a token it adopts the published ones instead of replaying the consumed
 * refresh token (which makes Logto revoke the grant).</li>
 * <li><strong>Only newer tokens are published.</strong> A publication carries its lineage: its generation, the number
 * of refreshes of the session's grant that led to its tokens (the shared record's version). An instance publishes
 * only tokens it obtained from Logto itself, never ones it adopted, and a publication never replaces a record of the
 * same or a newer generation; a refresh, made holding the lease, starts from the record's generation.</li>
 * </ul>
 * Without coordination these guarantees hold per instance only (sticky routing keeps them).
 *
 * <p>
 * <strong>Failures.</strong> The shared store failing or not answering signals {@link SessionStoreException} when a
 * refresh needs its lease (the request is answered 503 {@code session_store.unavailable}, the session is kept as it
 * was); a publish that fails is logged and the request goes on with its new tokens in its cookies (another instance
 * serving an older cookie of that browser may then replay a consumed refresh token).
 *
 * <p>
 * Immutable and thread-safe; never blocks (the store's I/O is lazy and non-blocking).
 */
public final class SessionCoordination {

	private static final Logger logger = LoggerFactory.getLogger(SessionCoordination.class);

	/** Publishing retries a compare-and-set lost to a concurrent publish this many times. */
	private static final int PUBLISH_ATTEMPTS = 3;

	private final SessionStore shared;

	private SessionCoordination(SessionStore shared) {
		this.shared = shared;
	}

	/**
	 * @param shared a store shared by every instance, with cluster-wide refresh leases (for Redis: a
	 * {@link io.github.logtoreactive.store.RedisSessionStore} with its own key prefix and, as idle timeout, how long
	 * published tokens are kept)
	 * @return the coordination through that store
	 * @throws LogtoConfigurationException when the store's leases are not shared across instances
	 * ({@link SessionStore#isClusterScoped()})
	 */
	public static SessionCoordination through(SessionStore shared) {
		Objects.requireNonNull(shared, "shared");
		if (!shared.isClusterScoped()) {
			throw new LogtoConfigurationException("session.redis-url",
					"session coordination needs a store shared by every instance (e.g. Redis: set "
							+ "logto.session.redis-url); " + shared.getClass().getSimpleName() + " is per instance");
		}
		return new SessionCoordination(shared);
	}

	/**
	 * @return the shared store: where refreshes take their lease and read the newest published tokens
	 */
	SessionStore shared() {
		return this.shared;
	}

	/**
	 * Publishes tokens this instance obtained from Logto for the other instances, unless the shared store already holds
	 * their generation or a newer one: a publication never replaces newer tokens, whatever the order in which
	 * instances publish. A failure is logged, never signalled.
	 * @param publication the tokens, without sign-in transactions, whose version is their generation (the number of
	 * refreshes of the session's grant that led to them)
	 * @return whether the shared store now holds that generation or a newer one ({@code false} when the store failed
	 * or concurrent publications kept winning)
	 */
	Mono<Boolean> publish(LogtoSession publication) {
		return publish(publication, PUBLISH_ATTEMPTS).onErrorResume(SessionStoreException.class, ex -> {
			logger.warn("Could not publish a session's new tokens to the other instances: {}", ex.getMessage());
			return Mono.just(Boolean.FALSE);
		});
	}

	private Mono<Boolean> publish(LogtoSession publication, int attempts) {
		return this.shared.load(publication.id())
			.map(LogtoSession::version)
			.defaultIfEmpty(SessionStore.ABSENT)
			.flatMap(stored -> {
				if (stored >= publication.version()) {
					// the same generation (published by another request) or a newer one (another instance refreshed
					// since): never replaced by older tokens
					return Mono.just(Boolean.TRUE);
				}
				return this.shared.save(publication, stored)
					.flatMap(written -> written || attempts <= 1 ? Mono.just(written)
							: publish(publication, attempts - 1));
			});
	}

	/**
	 * Forgets what was published for a session (sign-out). A failure is logged, never signalled: the published
	 * tokens then expire on their own.
	 * @param sessionId the session id
	 * @return completion
	 */
	Mono<Void> forget(String sessionId) {
		return this.shared.delete(sessionId).onErrorResume(SessionStoreException.class, ex -> {
			logger.warn("Could not remove a signed-out session's published tokens: {}", ex.getMessage());
			return Mono.empty();
		});
	}
}
