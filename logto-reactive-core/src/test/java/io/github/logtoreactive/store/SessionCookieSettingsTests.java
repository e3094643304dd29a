package io.github.logtoreactive.store;

import java.time.Duration;
import java.util.List;

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

	@Test
	void buildWhenNameUsesEveryCookieTokenCharacterThenAccepted() {
		String everyTokenCharacter = "azAZ09!#$%&'*+-^_`|~";

		SessionCookieSettings settings = SessionCookieSettings.builder()
			.name(everyTokenCharacter)
			.transactionCookiePrefix(everyTokenCharacter)
			.build();

		assertThat(settings.cookieName()).isEqualTo(everyTokenCharacter);
		assertThat(settings.transactionCookiePrefix()).isEqualTo(everyTokenCharacter);
	}

	@Test
	void buildWhenNameHasACharacterNextToTheTokenRangesThenFailsNamingTheSetting() {
		// The neighbours of a-z, A-Z and 0-9 in ASCII, and separators (RFC 6265 cookie-name is an RFC 7230 token).
		for (String bad : List.of("@", "[", "{", "/", ":", "`a=", " ", "a;", "\u007f", "é")) {
			assertRejected(SessionCookieSettings.builder().name(bad), "cookie.name",
					"cookie.name may only contain letters, digits and !#$%&'*+-^_`|~");
			assertRejected(SessionCookieSettings.builder().transactionCookiePrefix(bad),
					"cookie.transaction-cookie-prefix",
					"cookie.transaction-cookie-prefix may only contain letters, digits and !#$%&'*+-^_`|~");
		}
		assertRejected(SessionCookieSettings.builder().transactionCookiePrefix(""), "cookie.transaction-cookie-prefix",
				"cookie.transaction-cookie-prefix must not be empty");
	}

	@Test
	void buildWhenPathOrDomainHasSpacesControlCharactersOrSeparatorsThenFails() {
		assertThat(SessionCookieSettings.builder().hostPrefix(false).path("/!~").build().path()).isEqualTo("/!~");
		for (String bad : List.of("/a b", "/a;b", "/a,b", "/\u007f", "/\u0000", "a")) {
			assertThatThrownBy(() -> SessionCookieSettings.builder().hostPrefix(false).path(bad).build())
				.isInstanceOfSatisfying(LogtoConfigurationException.class,
						(ex) -> assertThat(ex.field()).isEqualTo("cookie.path"));
		}
		assertThat(SessionCookieSettings.builder().hostPrefix(false).domain("example.com").build().domain())
			.isEqualTo("example.com");
		for (String bad : List.of(" ", "exa mple.com", "example.com;", "\u007fexample.com")) {
			assertThatThrownBy(() -> SessionCookieSettings.builder().hostPrefix(false).domain(bad).build())
				.isInstanceOfSatisfying(LogtoConfigurationException.class,
						(ex) -> assertThat(ex.field()).isEqualTo("cookie.domain"));
		}
	}

	@Test
	void buildWhenEachDurationIsExactlyOneSecondOrAHundredYearsThenAcceptedAndJustOutsideThenFails() {
		Duration second = Duration.ofSeconds(1);
		Duration century = Duration.ofDays(36_500);
		SessionCookieSettings shortest = SessionCookieSettings.builder()
			.idleTimeout(second)
			.absoluteTimeout(second)
			.maxAge(second)
			.transactionTtl(second)
			.build();
		assertThat(List.of(shortest.idleTimeout(), shortest.absoluteTimeout(), shortest.maxAge(),
				shortest.transactionTtl())).containsOnly(second);
		SessionCookieSettings longest = SessionCookieSettings.builder()
			.idleTimeout(century)
			.absoluteTimeout(century)
			.maxAge(century)
			.transactionTtl(century)
			.build();
		assertThat(longest.maxAge()).isEqualTo(century);

		Duration tooShort = Duration.ofMillis(999);
		assertRejected(SessionCookieSettings.builder().idleTimeout(tooShort), "cookie.idle-timeout",
				"cookie.idle-timeout must be at least one second");
		assertRejected(SessionCookieSettings.builder().absoluteTimeout(Duration.ofSeconds(-1)),
				"cookie.absolute-timeout", "cookie.absolute-timeout must be at least one second");
		assertRejected(SessionCookieSettings.builder().transactionTtl(tooShort), "cookie.transaction-ttl",
				"cookie.transaction-ttl must be at least one second");
		assertRejected(SessionCookieSettings.builder().maxAge(tooShort), "cookie.max-age",
				"cookie.max-age must be at least one second");
		assertRejected(SessionCookieSettings.builder().transactionTtl(century.plusSeconds(1)),
				"cookie.transaction-ttl", "cookie.transaction-ttl must not exceed 100 years (36500d)");
	}

	@Test
	void buildWhenMaxChunksAtItsBoundsThenAcceptedAndBeyondThenFails() {
		assertThat(SessionCookieSettings.builder().maxChunks(1).build().maxChunks()).isEqualTo(1);
		assertThat(SessionCookieSettings.builder().maxChunks(32).build().maxChunks()).isEqualTo(32);
		assertRejected(SessionCookieSettings.builder().maxChunks(0), "cookie.max-chunks",
				"cookie.max-chunks must be within 1..32");
		assertRejected(SessionCookieSettings.builder().maxChunks(33), "cookie.max-chunks",
				"cookie.max-chunks must be within 1..32");
	}

	@Test
	void settingsWhenBuiltFromTheSameValuesThenEqualAndAnyDifferenceMakesThemDiffer() {
		SessionCookieSettings settings = SessionCookieSettings.builder().build();
		assertThat(settings).isEqualTo(SessionCookieSettings.builder().build())
			.hasSameHashCodeAs(SessionCookieSettings.builder().build())
			.isNotEqualTo("logto_session");
		assertThat(settings.hostPrefix()).isFalse();
		assertThat(settings.secure()).isTrue();
		assertThat(SessionCookieSettings.builder().hostPrefix(true).build().hostPrefix()).isTrue();
		assertThat(settings.toString()).contains("name=" + settings.cookieName(), "path=/", "maxChunks=");
		SessionCookieSettings base = SessionCookieSettings.builder().hostPrefix(false).build();
		List<SessionCookieSettings.Builder> variants = List.of(
				SessionCookieSettings.builder().hostPrefix(false).name("other"),
				SessionCookieSettings.builder().hostPrefix(false).transactionCookiePrefix("other"),
				SessionCookieSettings.builder().hostPrefix(false).path("/app"),
				SessionCookieSettings.builder().hostPrefix(false).domain("example.com"),
				SessionCookieSettings.builder().hostPrefix(false).sameSite(SameSite.STRICT),
				SessionCookieSettings.builder().hostPrefix(false).secure(false),
				SessionCookieSettings.builder().hostPrefix(false).idleTimeout(Duration.ofDays(1)),
				SessionCookieSettings.builder().hostPrefix(false).absoluteTimeout(Duration.ofDays(20)),
				SessionCookieSettings.builder().hostPrefix(false).maxAge(Duration.ofDays(2)),
				SessionCookieSettings.builder().hostPrefix(false).maxChunks(2),
				SessionCookieSettings.builder().hostPrefix(false).transactionTtl(Duration.ofMinutes(5)));
		assertThat(base).isEqualTo(SessionCookieSettings.builder().hostPrefix(false).build())
			.isNotEqualTo(SessionCookieSettings.builder().hostPrefix(true).build());
		for (SessionCookieSettings.Builder variant : variants) {
			assertThat(variant.build()).isNotEqualTo(base);
		}
		SessionCookieSettings plain = SessionCookieSettings.builder().hostPrefix(false).secure(false).build();
		assertThat(plain.hostPrefix()).isFalse();
		assertThat(plain.secure()).isFalse();
	}

	private static void assertRejected(SessionCookieSettings.Builder builder, String field, String message) {
		assertThatThrownBy(builder::build)
			.isInstanceOfSatisfying(LogtoConfigurationException.class, (ex) -> assertThat(ex.field()).isEqualTo(field))
			.hasMessage(message);
	}
}
