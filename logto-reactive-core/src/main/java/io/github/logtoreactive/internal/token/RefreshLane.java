package io.github.logtoreactive.internal.token;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One session's refresh bookkeeping: its newest tokens and the refresh tokens they replaced ({@link TokenState}), the
 * refreshes under way, and when it was last used.
 *
 * <p>
 * Refreshes in a lane run one after the other, each with the refresh token the previous one returned; a caller that
 * needs a key while a refresh of that key runs joins it (single flight per key). A request presenting a refresh token
 * the lane replaced adopts the lane's newest tokens instead of replaying the consumed one.
 *
 * <p>
 * Thread-safe: every method holds the lane's monitor only for in-memory updates, never across I/O (the refresh
 * itself runs outside it); never blocks. Times are milliseconds of the engine's clock.
 */
final class RefreshLane {

	/** Replaced refresh tokens remembered per lane: enough for a browser's parallel requests of one cookie. */
	private static final int MAX_REMEMBERED_REFRESH_TOKENS = 16;

	private final String id;

	private final Clock clock;

	private @Nullable TokenState state;

	private boolean expired;

	private Mono<TokenState> tail = Mono.empty();

	private final Map<TokenKey, Mono<TokenState>> inFlight = new HashMap<>();

	private volatile long lastUsed;

	/** The highest generation of obtained tokens the shared store is known to hold (published, or newer there). */
	private long publishedGeneration;

	/**
	 * @param id the session id
	 * @param clock the engine's clock, for when the lane was last used
	 */
	RefreshLane(String id, Clock clock) {
		this.id = id;
		this.clock = clock;
		this.lastUsed = clock.millis();
	}

	String id() {
		return this.id;
	}

	/**
	 * @return the newest tokens; only after a first {@link #merge}
	 */
	synchronized TokenState state() {
		return Objects.requireNonNull(this.state);
	}

	/**
	 * @return whether Logto refused the lane's grant ({@code invalid_grant}) and no newer refresh token came since
	 */
	synchronized boolean isExpired() {
		return this.expired;
	}

	synchronized void expire() {
		this.expired = true;
	}

	/**
	 * @param millis a time on the engine's clock
	 * @return whether nothing runs in the lane and it was last used before {@code millis}
	 */
	synchronized boolean isIdleSince(long millis) {
		return this.inFlight.isEmpty() && this.lastUsed < millis;
	}

	/**
	 * Brings a session about to be written up to the lane's newest tokens when it descends from them; does not count
	 * as a use.
	 * @param session the session
	 * @return the session with the newest tokens, or the same instance
	 */
	synchronized LogtoSession adoptInto(LogtoSession session) {
		if (this.state == null || !this.state.knows(session.refreshToken())) {
			return session;
		}
		return this.state.applyTo(session);
	}

	/**
	 * Reconciles a request's session with the lane: a request presenting a refresh token the lane replaced adopts the
	 * lane's tokens; a request presenting an unknown one (a newer lineage, e.g. from another instance) resets the lane
	 * to it.
	 * @param session the request's session
	 * @param adoptionCounter counts an adoption of a rotated refresh token, or {@code null} to not count
	 * @return the session as the lane has it, or the same instance
	 */
	synchronized LogtoSession merge(LogtoSession session, @Nullable AtomicLong adoptionCounter) {
		this.lastUsed = this.clock.millis();
		if (this.state == null || !this.state.knows(session.refreshToken())) {
			if (this.state != null && session.refreshToken() != null) {
				this.expired = false;
			}
			this.state = this.state == null ? TokenState.of(session) : this.state.adopt(session);
			return session;
		}
		LogtoSession merged = this.state.applyTo(session);
		if (merged == session) {
			// nothing newer: when the session holds exactly the lane's tokens, the lane shares its map, and the
			// browser's next requests with the same cookie are reconciled by one comparison of references
			this.state = this.state.sharingTokensOf(session);
			return session;
		}
		if (adoptionCounter != null && merged != session
				&& !Objects.equals(merged.refreshToken(), session.refreshToken())) {
			adoptionCounter.incrementAndGet();
		}
		return merged;
	}

	/**
	 * @param newer a session stored by another request or instance, with a newer refresh token
	 * @return the lane's state after adopting it, at the stored session's generation (its version)
	 */
	synchronized TokenState adopt(LogtoSession newer) {
		this.state = Objects.requireNonNull(this.state).adoptRecord(newer);
		this.expired = false;
		return this.state;
	}

	/**
	 * @param recordGeneration the generation of a stored session holding the lane's newest tokens
	 * @return the lane's state, at that generation when it is the higher one
	 */
	synchronized TokenState atLeast(long recordGeneration) {
		this.state = Objects.requireNonNull(this.state).atLeast(recordGeneration);
		return this.state;
	}

	/**
	 * @return the newest tokens when this instance obtained them from Logto and the shared store is not known to
	 * hold them yet, else {@code null}
	 */
	synchronized @Nullable TokenState unpublished() {
		TokenState current = this.state;
		return current != null && current.obtained() && current.generation() > this.publishedGeneration ? current
				: null;
	}

	/**
	 * @param generation a generation the shared store now holds, or a newer one
	 */
	synchronized void published(long generation) {
		this.publishedGeneration = Math.max(this.publishedGeneration, generation);
	}

	/**
	 * @param key the key refreshed
	 * @param token the new access token
	 * @param refreshToken the refresh token the response carried, or {@code null} when Logto did not rotate it
	 * @param idToken the verified ID token the response carried, or {@code null}
	 * @return the lane's state after the refresh
	 */
	synchronized TokenState recordRefresh(TokenKey key, AccessToken token, @Nullable String refreshToken,
			@Nullable String idToken) {
		this.state = Objects.requireNonNull(this.state).afterRefresh(key, token, refreshToken, idToken,
				MAX_REMEMBERED_REFRESH_TOKENS);
		return this.state;
	}

	/**
	 * Runs {@code work} after every refresh already queued in the lane, or joins the refresh of {@code key} under way.
	 * @param key the key to refresh
	 * @param joinCounter counts a caller joining a refresh under way
	 * @param work the refresh, subscribed once when its turn comes
	 * @return the refresh's result, shared by every caller that joins it
	 */
	synchronized Mono<TokenState> refresh(TokenKey key, AtomicLong joinCounter, Supplier<Mono<TokenState>> work) {
		this.lastUsed = this.clock.millis();
		Mono<TokenState> running = this.inFlight.get(key);
		if (running != null) {
			joinCounter.incrementAndGet();
			return running;
		}
		Mono<TokenState> previous = this.tail;
		@SuppressWarnings("unchecked")
		Mono<TokenState>[] self = new Mono[1];
		Mono<TokenState> next = previous.onErrorResume(ex -> Mono.empty())
			.then(Mono.defer(work))
			// Before the result reaches anyone: a caller that asks again right away must not join a finished refresh.
			.doOnTerminate(() -> done(key, self[0]))
			.cache();
		self[0] = next;
		this.inFlight.put(key, next);
		this.tail = next;
		return next;
	}

	private synchronized void done(TokenKey key, Mono<TokenState> finished) {
		this.inFlight.remove(key, finished);
		if (this.tail == finished) {
			this.tail = Mono.empty();
		}
		this.lastUsed = this.clock.millis();
	}
}
