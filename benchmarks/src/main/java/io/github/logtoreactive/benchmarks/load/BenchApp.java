package io.github.logtoreactive.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.webflux.LogtoExchangeFilterFunctions;
import io.github.logtoreactive.webflux.LogtoReactive;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.oidc.authentication.ReactiveOidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoderFactory;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The server under test of the load, refresh-storm and cold-start benchmarks: one small Spring Boot WebFlux app, run
 * by the harness as its own JVM in one of three profiles (the harness passes every property on the command line):
 * <ul>
 * <li>{@code plain}: no authentication, {@code GET /claims} answers fixed claims (baseline a);</li>
 * <li>{@code logto}: {@code LogtoWebFilter} from the auto-configuration, cookie sessions or Redis
 * ({@code logto.session.store=redis}); {@code GET /claims} reads the ID token's claims, {@code GET /token} calls
 * {@code /echo} through {@link LogtoExchangeFilterFunctions#userToken}, which refreshes an expired access token (b, c
 * and the refresh storm);</li>
 * <li>{@code spring}: Spring Security {@code oauth2Login} with its WebSession; {@code GET /claims} reads the
 * {@link OidcUser}, {@code GET /token} calls {@code /echo} through
 * {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}, which refreshes an expired access token (d and its
 * refresh storm).</li>
 * </ul>
 * Every profile answers {@code GET /ping} (readiness, connection warm-up) and {@code GET /echo} (the downstream API of
 * {@code /token}) without authentication.
 */
@SpringBootApplication
public class BenchApp {

	public static void main(String[] args) {
		SpringApplication.run(BenchApp.class, args);
	}

	static Map<String, @Nullable Object> claims(String sub, @Nullable Object email) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("sub", sub);
		body.put("email", email);
		return body;
	}

	@RestController
	static class PingController {

		@GetMapping("/ping")
		Mono<String> ping() {
			return Mono.just("pong");
		}

		/** The downstream API of {@code /token}: answers the length of the {@code Authorization} header it got. */
		@GetMapping("/echo")
		Mono<String> echo(ServerHttpRequest request) {
			String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
			return Mono.just(Integer.toString(authorization == null ? 0 : authorization.length()));
		}
	}

	@RestController
	@Profile("plain")
	static class PlainController {

		@GetMapping("/claims")
		Mono<Map<String, @Nullable Object>> claims() {
			return Mono.just(BenchApp.claims("user-1", "alice@example.com"));
		}

		/** The same answer from a handler that declares an argument (decomposition row (a2)). */
		@GetMapping("/claims-exchange")
		Mono<Map<String, @Nullable Object>> claimsWithArgument(ServerWebExchange exchange) {
			return Mono.just(BenchApp.claims("user-1", exchange.getAttributeOrDefault("email", "alice@example.com")));
		}
	}

	@RestController
	@Profile("logto")
	static class LogtoController {

		private final WebClient webClient;

		private final String echoUrl;

		LogtoController(@Value("${bench.base-url}") String baseUrl) {
			this.webClient = WebClient.builder().filter(LogtoExchangeFilterFunctions.userToken(null, null)).build();
			this.echoUrl = baseUrl + "/echo";
		}

		@GetMapping("/claims")
		Mono<Map<String, @Nullable Object>> claims(LogtoClient logto) {
			return logto.getIdTokenClaims().map(c -> BenchApp.claims(c.sub(), c.email()));
		}

		/** The claims through the exchange's attribute instead of a {@code LogtoClient} argument (row (b1)). */
		@GetMapping("/claims-exchange")
		Mono<Map<String, @Nullable Object>> claimsFromExchange(ServerWebExchange exchange) {
			LogtoClient logto = Objects.requireNonNull(LogtoReactive.client(exchange));
			return logto.getIdTokenClaims().map(c -> BenchApp.claims(c.sub(), c.email()));
		}

		/** Fixed claims on a protected path: the sign-in guard reads the session, the handler does not (row (b2)). */
		@GetMapping("/guarded")
		Mono<Map<String, @Nullable Object>> guarded() {
			return Mono.just(BenchApp.claims("user-1", "alice@example.com"));
		}

		/** Fixed claims on a path the filter does not protect; the session is never read (row (b0)). */
		@GetMapping("/open")
		Mono<Map<String, @Nullable Object>> open() {
			return Mono.just(BenchApp.claims("user-1", "alice@example.com"));
		}

		/** Calls {@code /echo} with the user's access token, refreshed first when it has expired. */
		@GetMapping("/token")
		Mono<Map<String, Object>> token() {
			return this.webClient.get().uri(this.echoUrl).retrieve().bodyToMono(String.class)
				.map(length -> Map.of("length", Integer.parseInt(length)));
		}
	}

	@RestController
	@Profile("spring")
	static class SpringController {

		private final WebClient webClient;

		private final String echoUrl;

		SpringController(WebClient webClient, @Value("${bench.base-url}") String baseUrl) {
			this.webClient = webClient;
			this.echoUrl = baseUrl + "/echo";
		}

		@GetMapping("/claims")
		Mono<Map<String, @Nullable Object>> claims(@AuthenticationPrincipal OidcUser user) {
			return Mono.just(BenchApp.claims(user.getSubject(), user.getEmail()));
		}

		@GetMapping("/token")
		Mono<Map<String, Object>> token() {
			return this.webClient.get().uri(this.echoUrl).retrieve().bodyToMono(String.class)
				.map(length -> Map.of("length", Integer.parseInt(length)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Profile("spring")
	@EnableWebFluxSecurity
	static class SpringSecurityConfiguration {

		@Bean
		SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http,
				ReactiveClientRegistrationRepository registrations) {
			DefaultServerOAuth2AuthorizationRequestResolver resolver = new DefaultServerOAuth2AuthorizationRequestResolver(
					registrations);
			// Logto issues a refresh token only with prompt=consent (what Logto's Spring guide configures)
			resolver.setAuthorizationRequestCustomizer(
					builder -> builder.additionalParameters(parameters -> parameters.put("prompt", "consent")));
			return http.authorizeExchange(exchanges -> exchanges.pathMatchers("/ping", "/echo").permitAll()
				.anyExchange().authenticated())
				.oauth2Login(login -> login.authorizationRequestResolver(resolver))
				.build();
		}

		/** Logto signs ID tokens with ES384 by default; Spring Security expects RS256 unless told (Logto's guide). */
		@Bean
		ReactiveJwtDecoderFactory<ClientRegistration> idTokenDecoderFactory() {
			ReactiveOidcIdTokenDecoderFactory factory = new ReactiveOidcIdTokenDecoderFactory();
			factory.setJwsAlgorithmResolver(registration -> SignatureAlgorithm.ES384);
			return factory;
		}

		@Bean
		ReactiveOAuth2AuthorizedClientManager authorizedClientManager(ReactiveClientRegistrationRepository registrations,
				ServerOAuth2AuthorizedClientRepository authorizedClients) {
			DefaultReactiveOAuth2AuthorizedClientManager manager = new DefaultReactiveOAuth2AuthorizedClientManager(
					registrations, authorizedClients);
			manager.setAuthorizedClientProvider(
					ReactiveOAuth2AuthorizedClientProviderBuilder.builder().authorizationCode().refreshToken().build());
			return manager;
		}

		@Bean
		WebClient webClient(ReactiveOAuth2AuthorizedClientManager manager) {
			ServerOAuth2AuthorizedClientExchangeFilterFunction oauth = new ServerOAuth2AuthorizedClientExchangeFilterFunction(
					manager);
			oauth.setDefaultOAuth2AuthorizedClient(true);
			return WebClient.builder().filter(oauth).build();
		}
	}
}
