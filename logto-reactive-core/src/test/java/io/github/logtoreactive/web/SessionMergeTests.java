package io.github.logtoreactive.web;

import java.time.Instant;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SignInTransaction;
import io.github.logtoreactive.TokenKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The three-way merge a store binding runs after losing a compare-and-set: base read, mine to write, stored now. */
class SessionMergeTests {

	static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	static final TokenKey ORDERS = TokenKey.resource("https://api.example.com/orders");

	static final TokenKey INVOICES = TokenKey.resource("https://api.example.com/invoices");

	static AccessToken token(String value, long expiresInSeconds) {
		return new AccessToken(value, "", NOW, NOW.plusSeconds(expiresInSeconds));
	}

	static SignInTransaction transaction(String state) {
		return new SignInTransaction(state, "verifier", "nonce", "https://app.example.com/callback", null, NOW);
	}

	final LogtoSession base = LogtoSession.create("s", NOW).withTokens("id-1", "rt-1");

	@Test
	void mergeWhenOnlyIChangedTheTokensThenMineElseTheStoredOnes() {
		LogtoSession mine = this.base.withTokens("id-mine", "rt-mine");
		LogtoSession storedUntouched = this.base.withAccessToken(ORDERS, token("o", 60));
		LogtoSession storedRotated = this.base.withTokens("id-stored", "rt-stored");

		LogtoSession onlyMine = SessionMerge.merge(this.base, mine, storedUntouched);
		LogtoSession both = SessionMerge.merge(this.base, mine, storedRotated);

		assertThat(onlyMine.idToken()).isEqualTo("id-mine");
		assertThat(onlyMine.refreshToken()).isEqualTo("rt-mine");
		assertThat(both.idToken()).isEqualTo("id-stored");
		assertThat(both.refreshToken()).isEqualTo("rt-stored");
		assertThat(SessionMerge.merge(null, mine, storedRotated).refreshToken()).as("nothing read: stored wins")
			.isEqualTo("rt-stored");
	}

	@Test
	void mergeWhenBothHoldAnAccessTokenForAKeyThenTheOneExpiringLastAndEveryOtherKeyKept() {
		LogtoSession mine = this.base.withAccessToken(ORDERS, token("orders-mine", 3600))
			.withAccessToken(INVOICES, token("invoices-mine", 60));
		LogtoSession stored = this.base.withAccessToken(ORDERS, token("orders-stored", 60))
			.withAccessToken(INVOICES, token("invoices-stored", 3600))
			.withAccessToken(TokenKey.DEFAULT, token("default-stored", 60));

		LogtoSession merged = SessionMerge.merge(this.base, mine, stored);

		assertThat(merged.accessToken(ORDERS).token()).isEqualTo("orders-mine");
		assertThat(merged.accessToken(INVOICES).token()).isEqualTo("invoices-stored");
		assertThat(merged.accessToken(TokenKey.DEFAULT).token()).isEqualTo("default-stored");
	}

	@Test
	void mergeWhenIRemovedAnAccessTokenThenRemovedOnlyIfTheStoredOneIsStillTheOneIRead() {
		LogtoSession read = this.base.withAccessToken(ORDERS, token("orders-read", 60))
			.withAccessToken(INVOICES, token("invoices-read", 60));
		LogtoSession mine = read.withoutAccessTokens();
		LogtoSession stored = read.withAccessToken(INVOICES, token("invoices-newer", 3600));

		LogtoSession merged = SessionMerge.merge(read, mine, stored);

		assertThat(merged.accessToken(ORDERS)).as("removed, nobody changed it").isNull();
		assertThat(merged.accessToken(INVOICES).token()).as("another request renewed it").isEqualTo("invoices-newer");
	}

	@Test
	void mergeWhenTransactionsDifferThenTheUnionMinusThoseIRemovedThatTheStoredSessionStillHoldsUnchanged() {
		LogtoSession read = this.base.withTransaction(transaction("finished-by-me"))
			.withTransaction(transaction("kept"));
		LogtoSession mine = read.withoutTransaction("finished-by-me").withTransaction(transaction("mine"));
		LogtoSession stored = read.withTransaction(transaction("theirs"));

		LogtoSession merged = SessionMerge.merge(read, mine, stored);

		assertThat(merged.transactions()).containsOnlyKeys("kept", "mine", "theirs");
	}

	@Test
	void mergeThenTheStoredIdentityAndAVersionAboveBoth() {
		LogtoSession mine = this.base.withVersion(7).withTokens("id-2", null);
		LogtoSession stored = LogtoSession.restore("s", 9, NOW.minusSeconds(60), "id-1", "rt-1",
				java.util.Map.of(), java.util.Map.of());

		LogtoSession merged = SessionMerge.merge(this.base, mine, stored);

		assertThat(merged.version()).isEqualTo(10);
		assertThat(merged.createdAt()).isEqualTo(stored.createdAt());
		assertThat(SessionMerge.merge(this.base, mine.withVersion(12), stored).version()).isEqualTo(13);
	}
}
