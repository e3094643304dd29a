package io.github.logtoreactive.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SignInTransaction;
import io.github.logtoreactive.TokenKey;

/**
 * Three-way merge of a session after a compare-and-set conflict: {@code base} is what this request read,
 * {@code mine} what it wants to write, {@code stored} what another request wrote meanwhile.
 * <ul>
 * <li>ID token, refresh token: mine when only I changed it; otherwise the stored one (the stored session is newer, so
 * a slower request never puts back a refresh token that was rotated meanwhile).</li>
 * <li>Access tokens, per key: the one expiring last among stored and mine; a key I removed stays removed only if the
 * stored token is still the one I read.</li>
 * <li>Transactions: the union, minus those I removed that the stored session still holds unchanged.</li>
 * </ul>
 * The result has the stored session's id and creation time and a version above both.
 */
final class SessionMerge {

	private SessionMerge() {
	}

	/**
	 * @param base the session this request read, or {@code null} when it read none
	 * @param mine the session this request wants to write
	 * @param stored the session stored now
	 * @return the merged session
	 */
	static LogtoSession merge(@Nullable LogtoSession base, LogtoSession mine, LogtoSession stored) {
		String idToken = pick((base != null) ? base.idToken() : null, mine.idToken(), stored.idToken());
		String refreshToken = pick((base != null) ? base.refreshToken() : null, mine.refreshToken(),
				stored.refreshToken());
		Map<TokenKey, AccessToken> baseTokens = (base != null) ? base.accessTokens() : Map.of();
		Map<TokenKey, AccessToken> tokens = new LinkedHashMap<>(stored.accessTokens());
		mine.accessTokens().forEach((key, token) -> tokens.merge(key, token,
				(theirs, ours) -> ours.expiresAt().isAfter(theirs.expiresAt()) ? ours : theirs));
		baseTokens.forEach((key, token) -> {
			if (!mine.accessTokens().containsKey(key) && token.equals(stored.accessTokens().get(key))) {
				tokens.remove(key);
			}
		});
		Map<String, SignInTransaction> baseTxs = (base != null) ? base.transactions() : Map.of();
		Map<String, SignInTransaction> txs = new LinkedHashMap<>(stored.transactions());
		mine.transactions().forEach(txs::putIfAbsent);
		baseTxs.forEach((state, tx) -> {
			if (!mine.transactions().containsKey(state) && tx.equals(stored.transactions().get(state))) {
				txs.remove(state);
			}
		});
		long version = Math.max(stored.version(), mine.version()) + 1;
		return LogtoSession.restore(stored.id(), version, stored.createdAt(), idToken, refreshToken, tokens, txs);
	}

	private static @Nullable String pick(@Nullable String base, @Nullable String mine, @Nullable String stored) {
		boolean iChanged = !Objects.equals(base, mine);
		boolean theyChanged = !Objects.equals(base, stored);
		return (iChanged && !theyChanged) ? mine : stored;
	}
}
