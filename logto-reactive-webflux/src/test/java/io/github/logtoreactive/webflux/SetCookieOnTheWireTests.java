package io.github.logtoreactive.webflux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.store.SameSite;
import io.github.logtoreactive.store.SetCookie;
import io.github.logtoreactive.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed cookies as a real server sends them: WebFlux on Reactor Netty (Spring's {@code ReactorServerHttpResponse}
 * and Netty's cookie encoder, which adds {@code Expires}), read back byte for byte over a socket.
 */
@Timeout(60)
class SetCookieOnTheWireTests {

	@Test
	void wireLengthWhenSentByWebFluxOnReactorNettyThenEqualsEveryLineReceived() {
		List<SetCookie> cookies = new ArrayList<>();
		int n = 0;
		for (Duration maxAge : List.of(Duration.ZERO, Duration.ofSeconds(9), Duration.ofMinutes(10),
				Duration.ofDays(14), SetCookie.LONGEST_MAX_AGE)) {
			for (String domain : Arrays.asList(null, "localhost")) {
				for (SameSite site : SameSite.values()) {
					for (boolean secure : List.of(true, false)) {
						int i = n++;
						String value = maxAge.isZero() ? "" : "3~eyJ" + "x".repeat(i * 37 % 3900);
						cookies.add(SetCookie.builder("logto_session." + i, value)
							.maxAge(maxAge)
							.path((i % 2 == 0) ? "/" : "/app")
							.domain(domain)
							.secure(secure || site == SameSite.NONE)
							.httpOnly(i % 3 != 0)
							.sameSite(site)
							.build());
					}
				}
			}
		}
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			// Codecs created here, on the test thread: their first use reads a classpath file (BlockHound)
			.handle(new ReactorHttpHandlerAdapter(WebHttpHandlerBuilder.webHandler((exchange) -> {
				cookies.forEach((cookie) -> exchange.getResponse()
					.addCookie(ExchangeCookies.toResponseCookie(cookie)));
				return exchange.getResponse().setComplete();
			}).codecConfigurer(ServerCodecConfigurer.create()).build()))
			.bindNow();
		try {
			List<String> lines = RawHttp.get(server.port(), "/", Map.of()).setCookieLines();

			assertThat(lines).hasSize(cookies.size());
			for (SetCookie cookie : cookies) {
				String line = lines.stream()
					.filter((l) -> l.regionMatches(true, 0, "Set-Cookie: " + cookie.name() + "=", 0,
							"Set-Cookie: ".length() + cookie.name().length() + 1))
					.findFirst()
					.orElseThrow();
				assertThat(line.length()).as(line).isEqualTo(cookie.wireLength());
				assertThat(line).contains("; Max-Age=" + cookie.maxAge().getSeconds() + "; Expires=");
			}
		}
		finally {
			server.disposeNow();
		}
	}
}
