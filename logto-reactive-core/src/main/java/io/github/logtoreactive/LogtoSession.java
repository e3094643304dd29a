package io.github.logtoreactive;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Everything the library keeps for one user agent: the ID token, the refresh token, cached access tokens per
 * {@link TokenKey}, and pending sign-in transactions per {@code state}.
 *
 * <p>
 * Immutable: every {@code with*} method returns a copy whose {@link #version()} is higher, so a store can refuse to
 * overwrite a newer session with an older one (compare-and-set on the version). {@link #id()} is an opaque,
 * unguessable identifier of at least 128 bits, replaced at sign-in (against session fixation); it names the session in
 * external stores and keys refresh coordination. {@link #toString()} shows no token.
 */
public final class LogtoSession {

	private final String id;

	private final long version;

	private final Instant createdAt;

	private final @Nullable String idToken;

	private final @Nullable String refreshToken;

	private final Map<TokenKey, AccessToken> accessTokens;

	private final Map<String, SignInTransaction> transactions;

	private LogtoSession(String id, long version, Instant createdAt, @Nullable String idToken,
			@Nullable String refreshToken, Map<TokenKey, AccessToken> accessTokens,
			Map<String, SignInTransaction> transactions) {
		this.id = Objects.requireNonNull(id, "id");
		this.version = version;
		this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
		this.idToken = idToken;
		this.refreshToken = refreshToken;
		this.accessTokens = accessTokens;
		this.transactions = transactions;
	}

	/**
	 * @param id an opaque identifier of at least 128 bits of randomness
	 * @param createdAt when the session starts (for the absolute timeout)
	 * @return an empty session at version 0
	 */
	public static LogtoSession create(String id, Instant createdAt) {
		return new LogtoSession(id, 0, createdAt, null, null, Map.of(), Map.of());
	}

	/**
	 * Rebuilds a session from its stored parts, e.g. in a {@code SessionStore} or codec. Collections are copied.
	 * @param id the identifier
	 * @param version the version
	 * @param createdAt the creation time
	 * @param idToken the ID token, or {@code null}
	 * @param refreshToken the refresh token, or {@code null}
	 * @param accessTokens the cached access tokens
	 * @param transactions the pending sign-in transactions by state
	 * @return the session
	 */
	public static LogtoSession restore(String id, long version, Instant createdAt, @Nullable String idToken,
			@Nullable String refreshToken, Map<TokenKey, AccessToken> accessTokens,
			Map<String, SignInTransaction> transactions) {
		return new LogtoSession(id, version, createdAt, idToken, refreshToken, copy(accessTokens),
				copy(transactions));
	}

	private static <K, V> Map<K, V> copy(Map<K, V> map) {
		return map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
	}

	/**
	 * @return the opaque session identifier
	 */
	public String id() {
		return this.id;
	}

	/**
	 * @return the version, increased by every change
	 */
	public long version() {
		return this.version;
	}

	/**
	 * @return when the session was created
	 */
	public Instant createdAt() {
		return this.createdAt;
	}

	/**
	 * @return the ID token, or {@code null} when nobody is signed in
	 */
	public @Nullable String idToken() {
		return this.idToken;
	}

	/**
	 * @return the refresh token, or {@code null}
	 */
	public @Nullable String refreshToken() {
		return this.refreshToken;
	}

	/**
	 * @return the cached access tokens (unmodifiable)
	 */
	public Map<TokenKey, AccessToken> accessTokens() {
		return this.accessTokens;
	}

	/**
	 * @param key the token key
	 * @return the cached token for the key, or {@code null}
	 */
	public @Nullable AccessToken accessToken(TokenKey key) {
		return this.accessTokens.get(key);
	}

	/**
	 * @return the pending sign-in transactions by {@code state} (unmodifiable)
	 */
	public Map<String, SignInTransaction> transactions() {
		return this.transactions;
	}

	/**
	 * @return whether a user is signed in (the session holds an ID token). No expiry check, no round trip.
	 */
	public boolean isAuthenticated() {
		return this.idToken != null;
	}

	/**
	 * @return whether the session holds neither tokens nor transactions
	 */
	public boolean isEmpty() {
		return this.idToken == null && this.refreshToken == null && this.accessTokens.isEmpty()
				&& this.transactions.isEmpty();
	}

	/**
	 * @param idToken the new ID token, or {@code null} to keep the current one
	 * @param refreshToken the new refresh token, or {@code null} to keep the current one
	 * @return a copy with the tokens replaced
	 */
	public LogtoSession withTokens(@Nullable String idToken, @Nullable String refreshToken) {
		return new LogtoSession(this.id, this.version + 1, this.createdAt,
				idToken != null ? idToken : this.idToken, refreshToken != null ? refreshToken : this.refreshToken,
				this.accessTokens, this.transactions);
	}

	/**
	 * @param key the token key
	 * @param token the token
	 * @return a copy holding the token under the key
	 */
	public LogtoSession withAccessToken(TokenKey key, AccessToken token) {
		Map<TokenKey, AccessToken> tokens = new LinkedHashMap<>(this.accessTokens);
		tokens.put(key, token);
		return new LogtoSession(this.id, this.version + 1, this.createdAt, this.idToken, this.refreshToken,
				Collections.unmodifiableMap(tokens), this.transactions);
	}

	/**
	 * @param key the token key
	 * @return a copy without the token under the key
	 */
	public LogtoSession withoutAccessToken(TokenKey key) {
		if (!this.accessTokens.containsKey(key)) {
			return this;
		}
		Map<TokenKey, AccessToken> tokens = new LinkedHashMap<>(this.accessTokens);
		tokens.remove(key);
		return new LogtoSession(this.id, this.version + 1, this.createdAt, this.idToken, this.refreshToken,
				copy(tokens), this.transactions);
	}

	/**
	 * @return a copy without any access token (ID and refresh tokens kept)
	 */
	public LogtoSession withoutAccessTokens() {
		return new LogtoSession(this.id, this.version + 1, this.createdAt, this.idToken, this.refreshToken, Map.of(),
				this.transactions);
	}

	/**
	 * @return a copy without ID token, refresh token and access tokens (transactions kept)
	 */
	public LogtoSession withoutTokens() {
		return new LogtoSession(this.id, this.version + 1, this.createdAt, null, null, Map.of(), this.transactions);
	}

	/**
	 * @param transaction a pending sign-in
	 * @return a copy holding the transaction under its state
	 */
	public LogtoSession withTransaction(SignInTransaction transaction) {
		Map<String, SignInTransaction> txs = new LinkedHashMap<>(this.transactions);
		txs.put(transaction.state(), transaction);
		return new LogtoSession(this.id, this.version + 1, this.createdAt, this.idToken, this.refreshToken,
				this.accessTokens, Collections.unmodifiableMap(txs));
	}

	/**
	 * @param state the transaction's state
	 * @return a copy without that transaction
	 */
	public LogtoSession withoutTransaction(String state) {
		if (!this.transactions.containsKey(state)) {
			return this;
		}
		Map<String, SignInTransaction> txs = new LinkedHashMap<>(this.transactions);
		txs.remove(state);
		return new LogtoSession(this.id, this.version + 1, this.createdAt, this.idToken, this.refreshToken,
				this.accessTokens, copy(txs));
	}

	/**
	 * @param newId the new identifier
	 * @param now the new creation time
	 * @return a copy under a new identifier and creation time (session rotation at sign-in), tokens kept
	 */
	public LogtoSession withId(String newId, Instant now) {
		return new LogtoSession(newId, this.version + 1, now, this.idToken, this.refreshToken, this.accessTokens,
				this.transactions);
	}

	/**
	 * @param version the version to stamp
	 * @return a copy with that version, for stores that assign versions
	 */
	public LogtoSession withVersion(long version) {
		return new LogtoSession(this.id, version, this.createdAt, this.idToken, this.refreshToken, this.accessTokens,
				this.transactions);
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof LogtoSession other && this.id.equals(other.id) && this.version == other.version
				&& this.createdAt.equals(other.createdAt) && Objects.equals(this.idToken, other.idToken)
				&& Objects.equals(this.refreshToken, other.refreshToken)
				&& this.accessTokens.equals(other.accessTokens) && this.transactions.equals(other.transactions);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.id, this.version);
	}

	@Override
	public String toString() {
		return "LogtoSession{version=" + this.version + ", authenticated=" + isAuthenticated() + ", accessTokens="
				+ this.accessTokens.keySet() + ", transactions=" + this.transactions.size() + "}";
	}
}
