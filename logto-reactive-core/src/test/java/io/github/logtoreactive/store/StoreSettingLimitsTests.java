package io.github.logtoreactive.store;

import java.time.Duration;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.support.TestClock;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The edges of what the store settings and cookies accept: the smallest in-memory store, timeouts that must be
 * positive (refused naming the property), a compare-and-set whose new version does not exceed the expected one, and
 * cookie names using the first and last letters, digits and symbols of RFC 6265's token alphabet.
 */
class StoreSettingLimitsTests {

	@Test
	void buildWhenOneEntryThenAStoreHoldingOneSession() {
		InMemorySessionStore store = InMemorySessionStore.builder()
			.maxEntries(1)
			.clock(new TestClock(RealisticSessions.NOW))
			.build();
		LogtoSession session = InMemorySessionStoreTests.session("session-a");

		assertThat(store.save(session, SessionStore.ABSENT).block()).isTrue();
		assertThat(store.load("session-a").block()).isEqualTo(session);
	}

	@Test
	void buildWhenATimeoutIsNotPositiveThenRefusedNamingIt() {
		assertThatThrownBy(() -> InMemorySessionStore.builder().idleTimeout(Duration.ZERO).build())
			.isInstanceOf(LogtoConfigurationException.class)
			.hasMessageContaining("session-store.idle-timeout");
		assertThatThrownBy(() -> InMemorySessionStore.builder().absoluteTimeout(Duration.ofSeconds(-1)).build())
			.isInstanceOf(LogtoConfigurationException.class)
			.hasMessageContaining("session-store.absolute-timeout");
	}

	@Test
	void saveWhenTheVersionEqualsTheExpectedOneThenIllegalArgument() {
		InMemorySessionStore store = InMemorySessionStore.builder().build();
		LogtoSession session = InMemorySessionStoreTests.session("session-a");

		StepVerifier.create(store.save(session, session.version()))
			.expectError(IllegalArgumentException.class)
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void buildWhenTheNameUsesTheEdgesOfTheTokenAlphabetThenAccepted() {
		for (String name : new String[] { "a", "z", "A", "Z", "0", "9", "!", "~" }) {
			assertThat(SetCookie.builder(name, "v").maxAge(Duration.ZERO).build().name()).isEqualTo(name);
		}
	}
}
