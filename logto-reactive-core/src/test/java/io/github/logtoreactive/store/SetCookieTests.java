package io.github.logtoreactive.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SetCookieTests {

	private static final List<String> NAMES = List.of("a", "logto_session", "__Host-logto_session.31",
			"logto_tx_0123456789abcdef", "n".repeat(200));

	private static final List<String> VALUES = List.of("", "v", "3~eyJhbGciOiJkaXIi.x_-~", "A".repeat(3900),
			"!#$%&'()*+-./:<=>?@[]^_`{|}~");

	private static final List<Duration> MAX_AGES = List.of(Duration.ZERO, Duration.ofSeconds(1),
			Duration.ofSeconds(9), Duration.ofSeconds(10), Duration.ofSeconds(599), Duration.ofMinutes(10),
			Duration.ofDays(14), Duration.ofDays(30), Duration.ofMillis(1999), SetCookie.LONGEST_MAX_AGE);

	private static final List<String> PATHS = List.of("/", "/app/x", "/a%20b");

	private static final List<String> DOMAINS = Arrays.asList(null, "example.com", ".app.example.co.uk");

	/**
	 * What Reactor Netty writes for a cookie WebFlux hands it: Spring's {@code ReactorServerHttpResponse.applyCookies}
	 * copies each attribute onto a Netty {@code DefaultCookie}, and Reactor Netty's {@code HttpServerOperations}
	 * encodes it with {@code ServerCookieEncoder.STRICT} (its default), which adds {@code Expires}.
	 */
	private static String nettyLine(SetCookie cookie) {
		DefaultCookie netty = new DefaultCookie(cookie.name(), cookie.value());
		netty.setMaxAge(cookie.maxAge().getSeconds());
		if (cookie.domain() != null) {
			netty.setDomain(cookie.domain());
		}
		netty.setPath(cookie.path());
		netty.setSecure(cookie.secure());
		netty.setHttpOnly(cookie.httpOnly());
		netty.setSameSite(CookieHeaderNames.SameSite.valueOf(cookie.sameSite().attribute()));
		return "Set-Cookie: " + ServerCookieEncoder.STRICT.encode(netty);
	}

	@Test
	void wireLengthWhenAnyAttributeCombinationThenEqualsNettysEncodedLine() {
		List<SetCookie> cookies = new ArrayList<>();
		for (String name : NAMES) {
			for (String value : VALUES) {
				for (Duration maxAge : MAX_AGES) {
					for (String path : PATHS) {
						for (String domain : DOMAINS) {
							for (int flags = 0; flags < 4; flags++) {
								for (SameSite site : SameSite.values()) {
									cookies.add(SetCookie.builder(name, value)
										.maxAge(maxAge)
										.path(path)
										.domain(domain)
										.secure((flags & 1) != 0)
										.httpOnly((flags & 2) != 0)
										.sameSite(site)
										.build());
								}
							}
						}
					}
				}
			}
		}

		for (SetCookie cookie : cookies) {
			String line = nettyLine(cookie);
			assertThat(cookie.wireLength()).as(line).isEqualTo(line.getBytes(StandardCharsets.US_ASCII).length);
		}
		assertThat(cookies).hasSize(NAMES.size() * VALUES.size() * MAX_AGES.size() * PATHS.size() * DOMAINS.size()
				* 4 * SameSite.values().length);
	}

	@Test
	void wireLengthWhenSessionChunkThenCountsTheExpiresAServerAdds() {
		SetCookie chunk = SetCookie.builder("logto_session", "3~eyJ").maxAge(Duration.ofDays(14)).build();

		String line = nettyLine(chunk);

		assertThat(line).matches("Set-Cookie: logto_session=3~eyJ; Max-Age=1209600; "
				+ "Expires=[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT; Path=/; Secure; HTTPOnly; "
				+ "SameSite=Lax");
		assertThat(chunk.wireLength()).isEqualTo(line.length());
	}

	@Test
	void maxAgeWhenFractionalThenWholeSecondsAndZeroIsADeletion() {
		assertThat(SetCookie.builder("a", "b").maxAge(Duration.ofMillis(1999)).build().maxAge())
			.isEqualTo(Duration.ofSeconds(1));
		assertThat(SetCookie.builder("a", "").maxAge(Duration.ZERO).build().isDeletion()).isTrue();
		assertThat(SetCookie.builder("a", "").maxAge(Duration.ofSeconds(1)).build().isDeletion()).isFalse();
	}

	@Test
	void buildWhenNotAValidCookieThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SetCookie.builder("a", "b").build())
			.withMessageContaining("Max-Age must be set");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SetCookie.builder("a", "b").maxAge(Duration.ofSeconds(-1)).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SetCookie.builder("a", "b").maxAge(SetCookie.LONGEST_MAX_AGE.plusSeconds(1)).build());
		for (String name : List.of("", "a b", "a;b", "a=b", "a\"b", "é")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> SetCookie.builder(name, "v").maxAge(Duration.ZERO).build())
				.withMessageContaining("name");
		}
		for (String value : List.of("a b", "a;b", "a,b", "\"ab\"", "a\\b", "é", "a\u0001")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> SetCookie.builder("a", value).maxAge(Duration.ZERO).build())
				.withMessageContaining("value");
		}
		for (String attribute : List.of("", "/a b", "/a;b", "/a,b", "/\u007f")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> SetCookie.builder("a", "b").maxAge(Duration.ZERO).path(attribute).build());
			assertThatIllegalArgumentException()
				.isThrownBy(() -> SetCookie.builder("a", "b").maxAge(Duration.ZERO).domain(attribute).build());
		}
	}

	@Test
	void toStringWhenValueHoldsTokensThenShowsOnlyItsLength() {
		SetCookie cookie = SetCookie.builder("logto_session", "secret-token-value")
			.maxAge(Duration.ofSeconds(60))
			.domain("example.com")
			.build();

		assertThat(cookie.toString()).doesNotContain("secret-token-value")
			.contains("logto_session", "18 chars", "Max-Age=60", "Domain=example.com", "SameSite=Lax");
	}

	@Test
	void equalsWhenSameNameValueAndAttributesThenEqual() {
		SetCookie a = SetCookie.builder("n", "v").maxAge(Duration.ofSeconds(5)).build();

		assertThat(a).isEqualTo(SetCookie.builder("n", "v").maxAge(Duration.ofMillis(5500)).build())
			.hasSameHashCodeAs(SetCookie.builder("n", "v").maxAge(Duration.ofSeconds(5)).build())
			.isNotEqualTo(SetCookie.builder("n", "v").maxAge(Duration.ofSeconds(5)).secure(false).build())
			.isNotEqualTo(SetCookie.builder("n", "w").maxAge(Duration.ofSeconds(5)).build());
	}
}
