package io.github.logtoreactive.internal.token;

import java.time.Instant;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a session's refresh lineage knows, and how it adopts a newer session read from the store. */
class TokenStateTests {

	static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	static final TokenKey API = TokenKey.resource("https://api.example.com");

	static final TokenKey OTHER = TokenKey.resource("https://other.example.com");

	static AccessToken token(String value, long expiresInSeconds) {
		return new AccessToken(value, "", NOW, NOW.plusSeconds(expiresInSeconds));
	}

	final TokenState rt1 = TokenState.of(LogtoSession.create("s", NOW).withTokens("id-1", "rt-1"));

	@Test
	void knowsWhenCurrentOrReplacedRefreshTokenThenTrueOtherwiseFalse() {
		TokenState rt2 = this.rt1.afterRefresh(API, token("a", 60), "rt-2", null, 16);

		assertThat(rt2.knows("rt-2")).isTrue();
		assertThat(rt2.knows("rt-1")).isTrue();
		assertThat(rt2.knows("rt-other")).isFalse();
		assertThat(rt2.knows(null)).isFalse();
		assertThat(this.rt1.knows("rt-2")).isFalse();
	}

	@Test
	void afterRefreshWhenMoreRotationsThanRememberedThenTheOldestIsForgottenFirst() {
		TokenState state = this.rt1;
		for (int i = 2; i <= 4; i++) {
			state = state.afterRefresh(API, token("a" + i, 60), "rt-" + i, null, 2);
		}

		assertThat(state.replacedRefreshTokens()).containsExactlyInAnyOrder("rt-2", "rt-3");
		assertThat(state.knows("rt-1")).isFalse();
	}

	@Test
	void adoptWhenTheStoreHoldsANewerSessionThenItsTokensWinAndTheOldRefreshTokenCountsAsReplaced() {
		TokenState mine = this.rt1.afterRefresh(API, token("mine-long", 3600), null, null, 16)
			.afterRefresh(OTHER, token("mine-short", 60), null, null, 16);
		LogtoSession stored = LogtoSession.create("s", NOW)
			.withTokens("id-2", "rt-9")
			.withAccessToken(API, token("stored-short", 60))
			.withAccessToken(OTHER, token("stored-long", 3600));

		TokenState adopted = mine.adopt(stored);

		assertThat(adopted.refreshToken()).isEqualTo("rt-9");
		assertThat(adopted.idToken()).isEqualTo("id-2");
		assertThat(adopted.knows("rt-1")).as("the replaced one still leads to the newest").isTrue();
		assertThat(adopted.accessTokens().get(API).token()).as("the later-expiring token per key")
			.isEqualTo("mine-long");
		assertThat(adopted.accessTokens().get(OTHER).token()).isEqualTo("stored-long");
		assertThat(mine.adopt(LogtoSession.create("s", NOW).withTokens("id-1", "rt-1")).replacedRefreshTokens())
			.as("adopting the same refresh token replaces nothing").isEmpty();
	}

	@Test
	void lineageWhenRefreshedHereThenObtainedOneGenerationLaterAndWhenAdoptedThenNotObtained() {
		TokenState refreshed = this.rt1.atLeast(4).afterRefresh(API, token("a", 60), "rt-2", null, 16);
		assertThat(this.rt1.generation()).isZero();
		assertThat(this.rt1.obtained()).as("tokens a request brought").isFalse();
		assertThat(refreshed.generation()).as("one refresh after the record's generation 4").isEqualTo(5);
		assertThat(refreshed.obtained()).isTrue();
		assertThat(refreshed.atLeast(3)).as("an older record lowers no generation").isSameAs(refreshed);

		TokenState fromRequest = refreshed.adopt(LogtoSession.create("s", NOW).withTokens("id-3", "rt-3"));
		assertThat(fromRequest.obtained()).as("adopted from a request").isFalse();
		assertThat(fromRequest.generation()).as("a lower bound of the request's").isEqualTo(5);

		TokenState fromRecord = refreshed.adoptRecord(LogtoSession.create("s", NOW).withTokens("id-3", "rt-3")
			.withVersion(9));
		assertThat(fromRecord.obtained()).as("adopted from the shared record").isFalse();
		assertThat(fromRecord.generation()).as("the record's").isEqualTo(9);
	}

	@Test
	void toStringWhenItHoldsTokensThenShowsOnlyKeysAndCounts() {
		TokenState state = this.rt1.afterRefresh(API, token("access-secret", 60), "rt-secret", "id-secret", 16);

		assertThat(state.toString()).doesNotContain("secret", "rt-1", "id-1")
			.contains(API.toString(), "replaced=1");
	}
}
