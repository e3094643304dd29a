package io.github.logtoreactive.webflux;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionBinding;
import io.github.logtoreactive.SessionTooLargeException;
import io.github.logtoreactive.SignInTransaction;
import io.github.logtoreactive.store.CookieDecodeResult;
import io.github.logtoreactive.store.EncodedSessionCookie;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionIdCookieCodec;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.store.StoreSessionBinding;
import io.github.logtoreactive.store.TransactionCookieCodec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The session of one exchange. It reads the request's cookies (or the store) once, on first use; records changes in
 * memory; and writes cookies once, from {@link ServerHttpResponse#beforeCommit}, before the first byte of the body.
 *
 * <ul>
 * <li>Cookie sessions are brought up to the newest tokens the engine knows for them (a concurrent request's rotated
 * refresh token, or a refresh made after an earlier response was committed) both when read and when written, so an
 * older refresh token never overwrites a newer one.</li>
 * <li>A change after the response was committed cannot reach the cookie; it is retained by the engine and adopted
 * by this browser's next request (counted in {@link LogtoWebFilter#statistics()}). With a store, changes are written
 * through immediately (compare-and-set), so commit timing does not matter.</li>
 * <li>Sign-in transactions always travel in their own short-lived cookies, one per {@code state}.</li>
 * </ul>
 * Never blocks.
 */
final class ExchangeSessionBinding implements SessionBinding {

	private static final Logger logger = LoggerFactory.getLogger(ExchangeSessionBinding.class);

	private final ServerWebExchange exchange;

	private final LogtoEngine engine;

	private final SessionCookies cookies;

	private final Clock clock;

	private final Duration pendingTtl;

	private final FilterStatistics statistics;

	private final Map<String, String> requestCookies;

	private final AtomicReference<@Nullable LogtoSession> current = new AtomicReference<>();

	private final AtomicBoolean loadedFlag = new AtomicBoolean();

	private final Mono<Boolean> initialLoad;

	private volatile boolean dirty;

	private volatile boolean deleted;

	private volatile boolean deleteRefusedSession;

	private volatile Set<String> requestTransactionStates = Set.of();

	private volatile List<String> refusedTransactionCookies = List.of();

	private volatile @Nullable StoreSessionBinding storeBinding;

	private volatile @Nullable String requestSessionId;

	ExchangeSessionBinding(ServerWebExchange exchange, LogtoEngine engine, SessionCookies cookies, Clock clock,
			Duration pendingTtl, FilterStatistics statistics) {
		this.exchange = exchange;
		this.engine = engine;
		this.cookies = cookies;
		this.clock = clock;
		this.pendingTtl = pendingTtl;
		this.statistics = statistics;
		this.requestCookies = firstValues(exchange);
		this.initialLoad = Mono.defer(this::readInitial).cache();
	}

	private static Map<String, String> firstValues(ServerWebExchange exchange) {
		Map<String, String> values = new HashMap<>();
		for (Map.Entry<String, List<HttpCookie>> entry : exchange.getRequest().getCookies().entrySet()) {
			if (!entry.getValue().isEmpty()) {
				values.put(entry.getKey(), entry.getValue().get(0).getValue());
			}
		}
		return values;
	}

	@Override
	public Mono<LogtoSession> load() {
		return this.initialLoad.flatMap(ignored -> Mono.justOrEmpty(this.current.get()));
	}

	@Override
	public Mono<LogtoSession> save(LogtoSession session) {
		return this.initialLoad.then(Mono.defer(() -> {
			this.deleted = false;
			StoreSessionBinding store = this.storeBinding;
			if (store != null && session.isAuthenticated()) {
				Map<String, SignInTransaction> transactions = session.transactions();
				return store.save(withoutTransactions(session)).map(stored -> {
					LogtoSession merged = withTransactions(stored, transactions);
					record(merged);
					return merged;
				});
			}
			record(session);
			return Mono.just(session);
		}));
	}

	private void record(LogtoSession session) {
		this.current.set(session);
		this.dirty = true;
		if (this.exchange.getResponse().isCommitted() && session.isAuthenticated()) {
			// The cookie can no longer change: a store already has the change (written through); for cookie sessions
			// the engine keeps it until this browser's next request adopts it.
			if (!this.cookies.usesStore()) {
				this.engine.retainAfterCommit(session, this.pendingTtl);
			}
			this.statistics.afterCommitSaves.incrementAndGet();
			logger.debug("Session changed after the response was committed; kept for the next request");
		}
	}

	@Override
	public Mono<Void> delete() {
		return this.initialLoad.then(Mono.defer(() -> {
			this.deleted = true;
			this.dirty = true;
			LogtoSession previous = this.current.getAndSet(null);
			if (previous != null && !previous.transactions().isEmpty()) {
				this.current.set(withTransactions(LogtoSession.create(previous.id(), this.clock.instant()),
						previous.transactions()));
			}
			StoreSessionBinding store = this.storeBinding;
			return store == null ? Mono.empty() : store.delete();
		}));
	}

	@Override
	public @Nullable SessionStore store() {
		return this.cookies.store();
	}

	/**
	 * @return whether the session was read or changed during this exchange
	 */
	boolean isTouched() {
		return this.loadedFlag.get() || this.dirty;
	}

	private Mono<Boolean> readInitial() {
		Instant now = this.clock.instant();
		TransactionCookieCodec transactionCodec = this.cookies.transactionCodec();
		List<SignInTransaction> transactions = transactionCodec.decodeAll(this.requestCookies, now);
		this.refusedTransactionCookies = transactionCodec.refusedCookieNames(this.requestCookies, now);
		Set<String> states = new HashSet<>();
		transactions.forEach(tx -> states.add(tx.state()));
		this.requestTransactionStates = states;
		Mono<LogtoSession> session = this.cookies.usesStore() ? readFromStore() : readFromCookie(now);
		return session.map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty())
			.map(found -> {
				LogtoSession result = found.orElse(null);
				if (result != null) {
					LogtoSession reconciled = this.engine.reconcile(result);
					if (reconciled != result) {
						this.dirty = true;
					}
					result = reconciled;
				}
				if (!transactions.isEmpty()) {
					if (result == null) {
						result = LogtoSession.create(SessionIdCookieCodec.newSessionId(), now);
					}
					for (SignInTransaction tx : transactions) {
						result = result.withTransaction(tx);
					}
				}
				this.current.set(result);
				this.loadedFlag.set(true);
				return Boolean.TRUE;
			});
	}

	private Mono<LogtoSession> readFromCookie(Instant now) {
		SessionCookieCodec codec = java.util.Objects.requireNonNull(this.cookies.sessionCodec());
		CookieDecodeResult<LogtoSession> result = codec.decode(this.requestCookies, now);
		if (result.shouldDeleteCookies()) {
			this.deleteRefusedSession = true;
			logger.debug("Refused the session cookie ({}); it will be deleted",
					result.failure().map(Enum::name).orElse("unknown"));
		}
		if (result.isPresent() && codec.shouldRenew(result, now)) {
			this.dirty = true;
		}
		return Mono.justOrEmpty(result.value());
	}

	private Mono<LogtoSession> readFromStore() {
		SessionIdCookieCodec idCodec = java.util.Objects.requireNonNull(this.cookies.idCodec());
		CookieDecodeResult<String> id = idCodec.decode(this.requestCookies);
		if (id.shouldDeleteCookies()) {
			this.deleteRefusedSession = true;
		}
		String sessionId = id.value().orElse(null);
		this.requestSessionId = sessionId;
		StoreSessionBinding binding = StoreSessionBinding.of(java.util.Objects.requireNonNull(this.cookies.store()),
				sessionId);
		this.storeBinding = binding;
		return binding.load();
	}

	/**
	 * Writes the session's cookies; called once, right before the response is committed.
	 * @param response the response
	 */
	Mono<Void> commit(ServerHttpResponse response) {
		return Mono.fromRunnable(() -> {
			if (!isTouched()) {
				return;
			}
			List<SetCookie> toSet = new ArrayList<>();
			LogtoSession session = this.current.get();
			if (session != null && session.isAuthenticated()) {
				LogtoSession newest = this.engine.reconcile(session);
				if (newest != session) {
					session = newest;
					this.dirty = true;
				}
			}
			if (this.cookies.usesStore()) {
				storeCookies(session, toSet);
			}
			else {
				sessionCookies(session, toSet);
			}
			transactionCookies(session, toSet);
			toSet.forEach(cookie -> response.addCookie(toResponseCookie(cookie)));
		});
	}

	/**
	 * @param cookie a cookie the codecs built (and measured as it goes on the wire)
	 * @return the same cookie for WebFlux, attribute for attribute
	 */
	static ResponseCookie toResponseCookie(SetCookie cookie) {
		return ResponseCookie.from(cookie.name(), cookie.value())
			.maxAge(cookie.maxAge())
			.path(cookie.path())
			.domain(cookie.domain())
			.secure(cookie.secure())
			.httpOnly(cookie.httpOnly())
			.sameSite(cookie.sameSite().attribute())
			.build();
	}

	private void sessionCookies(@Nullable LogtoSession session, List<SetCookie> toSet) {
		SessionCookieCodec codec = java.util.Objects.requireNonNull(this.cookies.sessionCodec());
		boolean signedIn = session != null && session.isAuthenticated();
		if (!signedIn) {
			if (this.deleted || this.deleteRefusedSession || (this.dirty && hasSessionCookie(codec))) {
				toSet.addAll(codec.deletionCookies(this.requestCookies.keySet()));
			}
			return;
		}
		if (!this.dirty) {
			return;
		}
		try {
			EncodedSessionCookie encoded = codec.encode(session, this.clock.instant());
			toSet.addAll(encoded.cookies(this.requestCookies.keySet()));
			int bytes = encoded.values().stream().mapToInt(String::length).sum();
			this.statistics.recordCookie(bytes, encoded.chunkCount());
		}
		catch (SessionTooLargeException ex) {
			this.statistics.oversizedSessions.incrementAndGet();
			logger.warn("The session does not fit in cookies ({}); configure an external session store",
					ex.getMessage());
		}
	}

	private boolean hasSessionCookie(SessionCookieCodec codec) {
		return this.requestCookies.containsKey(codec.settings().cookieName());
	}

	private void storeCookies(@Nullable LogtoSession session, List<SetCookie> toSet) {
		SessionIdCookieCodec idCodec = java.util.Objects.requireNonNull(this.cookies.idCodec());
		boolean signedIn = session != null && session.isAuthenticated();
		if (!signedIn) {
			if (this.deleted || this.deleteRefusedSession || (this.dirty && this.requestSessionId != null)) {
				toSet.add(idCodec.deletionCookie());
			}
			return;
		}
		if (!session.id().equals(this.requestSessionId)) {
			toSet.add(idCodec.cookie(session.id()));
		}
	}

	private void transactionCookies(@Nullable LogtoSession session, List<SetCookie> toSet) {
		TransactionCookieCodec codec = this.cookies.transactionCodec();
		Map<String, SignInTransaction> now = session == null ? Map.of() : session.transactions();
		for (SignInTransaction tx : now.values()) {
			if (!this.requestTransactionStates.contains(tx.state())) {
				toSet.add(codec.cookie(tx, this.clock.instant()));
			}
		}
		for (String state : this.requestTransactionStates) {
			if (!now.containsKey(state)) {
				toSet.add(codec.deletionCookie(state));
			}
		}
		for (String name : this.refusedTransactionCookies) {
			toSet.add(codec.deletionCookieNamed(name));
		}
	}

	private static LogtoSession withoutTransactions(LogtoSession session) {
		if (session.transactions().isEmpty()) {
			return session;
		}
		return LogtoSession.restore(session.id(), session.version(), session.createdAt(), session.idToken(),
				session.refreshToken(), session.accessTokens(), Map.of());
	}

	private static LogtoSession withTransactions(LogtoSession session, Map<String, SignInTransaction> transactions) {
		if (transactions.isEmpty()) {
			return session;
		}
		return LogtoSession.restore(session.id(), session.version(), session.createdAt(), session.idToken(),
				session.refreshToken(), session.accessTokens(), transactions);
	}
}
