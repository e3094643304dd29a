package io.github.logtoreactive.store;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.logtoreactive.LogtoConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionCookieSettingsTests {

	@Test
	void buildWhenDefaultsThenLaxSecureHttpOnlyFourteenDays() {
		SessionCookieSettings settings = SessionCookieSettings.defaults();

		SetCookie cookie = settings.cookie("logto_session", "v", settings.maxAge());

		assertThat(cookie.maxAge()).isEqualTo(Duration.ofSeconds(1209600));
		assertThat(cookie.path()).isEqualTo("/");
		assertThat(cookie.domain()).isNull();
		assertThat(cookie.secure()).isTrue();
		assertThat(cookie.httpOnly()).isTrue();
		assertThat(cookie.sameSite()).isEqualTo(SameSite.LAX);
		assertThat(settings.absoluteTimeout()).isEqualTo(Duration.ofDays(30));
		assertThat(settings.maxChunks()).isEqualTo(4);
		assertThat(settings.transactionTtl()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void buildWhenHostPrefixThenNamesArePrefixed() {
		SessionCookieSettings settings = SessionCookieSettings.builder().hostPrefix(true).build();

		assertThat(settings.cookieName()).isEqualTo("__Host-logto_session");
		assertThat(settings.chunkName(2)).isEqualTo("__Host-logto_session.2");
		assertThat(settings.transactionCookiePrefix()).isEqualTo("__Host-logto_tx_");
		assertThat(settings.deletion(settings.cookieName()))
			.isEqualTo(SetCookie.builder("__Host-logto_session", "").maxAge(Duration.ZERO).build());
	}

	@Test
	void buildWhenHostPrefixWithoutSecureThenFails() {
		assertRejected(SessionCookieSettings.builder().hostPrefix(true).secure(false), "cookie.secure",
				"The __Host- prefix requires Secure: set cookie.secure=true or cookie.host-prefix=false");
	}

	@Test
	void buildWhenHostPrefixWithDomainThenFails() {
		assertRejected(SessionCookieSettings.builder().hostPrefix(true).domain("example.com"), "cookie.domain",
				"The __Host- prefix forbids a Domain: unset cookie.domain or set cookie.host-prefix=false");
	}

	@Test
	void buildWhenHostPrefixWithPathThenFails() {
		assertRejected(SessionCookieSettings.builder().hostPrefix(true).path("/app"), "cookie.path",
				"The __Host- prefix requires Path=/: set cookie.path=/ or cookie.host-prefix=false");
	}

	@Test
	void buildWhenSameSiteNoneWithoutSecureThenFails() {
		assertRejected(SessionCookieSettings.builder().sameSite(SameSite.NONE).secure(false), "cookie.secure",
				"SameSite=None requires Secure: set cookie.secure=true or choose SameSite Lax or Strict");
	}

	@Test
	void buildWhenIdleLongerThanAbsoluteThenFails() {
		assertRejected(SessionCookieSettings.builder().idleTimeout(Duration.ofDays(40)), "cookie.idle-timeout",
				"cookie.idle-timeout must not exceed cookie.absolute-timeout");
	}

	@Test
	void buildWhenInvalidNameOrChunksThenFails() {
		assertRejected(SessionCookieSettings.builder().name("my session"), "cookie.name",
				"cookie.name may only contain letters, digits and !#$%&'*+-^_`|~");
		assertRejected(SessionCookieSettings.builder().name("a.b"), "cookie.name",
				"cookie.name may only contain letters, digits and !#$%&'*+-^_`|~");
		assertRejected(SessionCookieSettings.builder().maxChunks(0), "cookie.max-chunks",
				"cookie.max-chunks must be within 1..32");
		assertRejected(SessionCookieSettings.builder().path("/a;b"), "cookie.path",
				"cookie.path must start with '/' and contain no ';', spaces or control characters");
	}

	@Test
	void cookieWhenDomainStrictAndInsecureThenCarriesThem() {
		SessionCookieSettings settings = SessionCookieSettings.builder()
			.domain("example.com")
			.path("/app")
			.sameSite(SameSite.STRICT)
			.secure(false)
			.maxAge(Duration.ofHours(1))
			.build();

		assertThat(settings.cookie(settings.cookieName(), "v", settings.maxAge()))
			.isEqualTo(SetCookie.builder("logto_session", "v")
				.maxAge(Duration.ofHours(1))
				.path("/app")
				.domain("example.com")
				.secure(false)
				.httpOnly(true)
				.sameSite(SameSite.STRICT)
				.build());
	}

	@Test
	void buildWhenATimeoutExceedsAHundredYearsThenFails() {
		assertRejected(SessionCookieSettings.builder().idleTimeout(Duration.ofDays(36_501))
			.absoluteTimeout(Duration.ofDays(36_501)), "cookie.idle-timeout",
				"cookie.idle-timeout must not exceed 100 years (36500d)");
		assertRejected(SessionCookieSettings.builder().maxAge(Duration.ofDays(36_501)), "cookie.max-age",
				"cookie.max-age must not exceed 100 years (36500d)");
	}

	private static void assertRejected(SessionCookieSettings.Builder builder, String field, String message) {
		assertThatThrownBy(builder::build)
			.isInstanceOfSatisfying(LogtoConfigurationException.class, (ex) -> assertThat(ex.field()).isEqualTo(field))
			.hasMessage(message);
	}
}
