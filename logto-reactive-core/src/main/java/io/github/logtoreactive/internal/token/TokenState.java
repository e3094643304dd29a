package io.github.logtoreactive.internal.token;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;
import org.jspecify.annotations.Nullable;

/**
 * The token part of one session as the {@link RefreshCoordinator} last saw it: the newest refresh token, the ID token
 * that came with it, the access tokens obtained, and the refresh tokens it replaced. Immutable.
 *
 * <p>
 * Its lineage: {@code generation} counts the refreshes of the session's grant that led to these tokens, as far as
 * this instance knows (a shared store's record carries it as its version; adopting the record takes it, each refresh
 * adds one), and {@code obtained} says whether this instance got these tokens from Logto itself, rather than adopting
 * them from a request or the store. Only obtained tokens are ever published to other instances.
 */
record TokenState(@Nullable String refreshToken, @Nullable String idToken, Map<TokenKey, AccessToken> accessTokens,
		Set<String> replacedRefreshTokens, long generation, boolean obtained) {

	static TokenState of(LogtoSession session) {
		return new TokenState(session.refreshToken(), session.idToken(), session.accessTokens(), Set.of(), 0, false);
	}

	/**
	 * @param refreshToken a refresh token a request presents
	 * @return whether this state descends from it (it is the current one or one this state replaced)
	 */
	boolean knows(@Nullable String refreshToken) {
		return refreshToken != null
				&& (refreshToken.equals(this.refreshToken) || this.replacedRefreshTokens.contains(refreshToken));
	}

	/**
	 * Brings a request's session up to this state: the newest refresh and ID token, and for each key the access
	 * token that expires last. Only call when {@link #knows(String)} the session's refresh token.
	 * @param session the request's session
	 * @return the session adopting this state, or the same instance when nothing is newer
	 */
	LogtoSession applyTo(LogtoSession session) {
		LogtoSession result = session;
		boolean rotated = this.refreshToken != null && !this.refreshToken.equals(session.refreshToken());
		boolean newIdToken = this.idToken != null && !this.idToken.equals(session.idToken());
		if (rotated || newIdToken) {
			result = result.withTokens(newIdToken ? this.idToken : null, rotated ? this.refreshToken : null);
		}
		if (this.accessTokens == session.accessTokens()) {
			// the session's own tokens (the lane was built from it, or shares them): none is newer
			return result;
		}
		for (Map.Entry<TokenKey, AccessToken> entry : this.accessTokens.entrySet()) {
			AccessToken mine = result.accessToken(entry.getKey());
			AccessToken theirs = entry.getValue();
			if (mine == null || (!theirs.equals(mine) && !theirs.expiresAt().isBefore(mine.expiresAt()))) {
				result = result.withAccessToken(entry.getKey(), theirs);
			}
		}
		return result;
	}

	/**
	 * @param session a session holding the same access tokens as this state (equal, not necessarily the same map)
	 * @return this state sharing the session's map of access tokens, so that {@link #applyTo} recognizes it at once
	 * next time; this state when the tokens differ or are shared already
	 */
	TokenState sharingTokensOf(LogtoSession session) {
		Map<TokenKey, AccessToken> theirs = session.accessTokens();
		if (this.accessTokens == theirs || !this.accessTokens.equals(theirs)) {
			return this;
		}
		return new TokenState(this.refreshToken, this.idToken, theirs, this.replacedRefreshTokens, this.generation,
				this.obtained);
	}

	TokenState afterRefresh(TokenKey key, AccessToken token, @Nullable String newRefreshToken,
			@Nullable String newIdToken, int maxRemembered) {
		Map<TokenKey, AccessToken> tokens = new LinkedHashMap<>(this.accessTokens);
		tokens.put(key, token);
		Set<String> replaced = this.replacedRefreshTokens;
		String current = this.refreshToken;
		if (newRefreshToken != null && !newRefreshToken.equals(current)) {
			java.util.LinkedHashSet<String> next = new java.util.LinkedHashSet<>(replaced);
			if (current != null) {
				next.add(current);
			}
			while (next.size() > maxRemembered) {
				next.remove(next.iterator().next());
			}
			// Insertion order kept, so that the next eviction drops the oldest again.
			replaced = Collections.unmodifiableSet(next);
			current = newRefreshToken;
		}
		return new TokenState(current, newIdToken != null ? newIdToken : this.idToken, Map.copyOf(tokens),
				replaced, this.generation + 1, true);
	}

	/**
	 * @param recordGeneration the generation of a shared record holding this state's refresh token
	 * @return this state, at that generation when it is the higher one
	 */
	TokenState atLeast(long recordGeneration) {
		if (recordGeneration <= this.generation) {
			return this;
		}
		return new TokenState(this.refreshToken, this.idToken, this.accessTokens, this.replacedRefreshTokens,
				recordGeneration, this.obtained);
	}

	/**
	 * @param record the shared store's session, newer than this state
	 * @return this state adopting it, at the record's generation (its version) unless this one is higher
	 */
	TokenState adoptRecord(LogtoSession record) {
		return adopt(record).atLeast(record.version());
	}

	/**
	 * @param newer a session newer than this state (a request's, or the store's)
	 * @return this state adopting its tokens: not obtained here, at this state's generation (a lower bound of the
	 * newer one's)
	 */
	TokenState adopt(LogtoSession newer) {
		java.util.LinkedHashSet<String> replaced = new java.util.LinkedHashSet<>(this.replacedRefreshTokens);
		if (this.refreshToken != null && !this.refreshToken.equals(newer.refreshToken())) {
			replaced.add(this.refreshToken);
		}
		Map<TokenKey, AccessToken> tokens = new LinkedHashMap<>(this.accessTokens);
		newer.accessTokens().forEach((k, v) -> tokens.merge(k, v, (a, b) -> b.expiresAt().isAfter(a.expiresAt()) ? b : a));
		return new TokenState(newer.refreshToken(), newer.idToken(), Map.copyOf(tokens),
				Collections.unmodifiableSet(replaced), this.generation, false);
	}

	@Override
	public String toString() {
		return "TokenState{accessTokens=" + this.accessTokens.keySet() + ", replaced="
				+ this.replacedRefreshTokens.size() + ", generation=" + this.generation + ", obtained=" + this.obtained
				+ "}";
	}
}
