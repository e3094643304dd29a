package io.github.logtoreactive.webflux.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.logtoreactive.TokenKey;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.test.web.reactive.server.MockServerConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClientConfigurer;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * Signs a mock Logto user in to every request of a {@link WebTestClient} bound to the application (a
 * {@code @WebFluxTest} slice, {@code @AutoConfigureWebTestClient}, or {@code WebTestClient.bindToApplicationContext}),
 * in the spirit of Spring Security's {@code mockOidcLogin()}: no Logto server, no sign-in round trip.
 *
 * <pre>{@code
 * import static io.github.logtoreactive.webflux.test.MockLogtoUser.mockLogtoUser;
 *
 * client.mutateWith(mockLogtoUser("user-1").email("alice@example.com").roles("admin")
 *         .organizationRole("org-1", "admin")
 *         .accessToken("https://api.example.com", "eyJ..."))
 *     .get().uri("/dashboard").exchange()
 *     .expectStatus().isOk();
 * }</pre>
 *
 * For each request the user's {@code LogtoClient} is bound to the exchange before {@code LogtoWebFilter} runs (the
 * filter keeps it), so protected paths, {@code LogtoClient} controller arguments and {@code LogtoReactive.client()}
 * see a signed-in user: its ID-token claims are the ones given here (plus {@code iss}, {@code aud}, {@code iat},
 * {@code exp}); {@code getAccessToken(resource, organizationId)} answers the token given for that pair, else an
 * unsigned mock JWT for it; an organization the user is not a member of answers 403 like Logto. With Spring Security on
 * the class path the security context is this user's too (a {@code LogtoAuthenticationToken} with the application's
 * {@code LogtoAuthoritiesMapper} bean, or the default mapping), whatever chain the application has. Sign-in and its
 * callback are not available to a mock user.
 *
 * <p>
 * Immutable: every method returns a copy. A {@code WebTestClient} bound to a running server (a real port) cannot be
 * mutated this way: sign in there with the test kit's {@code WebTestClientSignIn}.
 */
public final class MockLogtoUser implements WebTestClientConfigurer, MockServerConfigurer {

	/** The {@code iss} of a mock user's tokens. */
	public static final String ISSUER = "https://logto.mock/oidc";

	/** The {@code aud} of a mock user's ID token. */
	public static final String APP_ID = "mock-app";

	private final Map<String, Object> claims;

	private final List<String> scopes;

	private final Map<TokenKey, String> tokens;

	private final Clock clock;

	private MockLogtoUser(Map<String, Object> claims, List<String> scopes, Map<TokenKey, String> tokens, Clock clock) {
		this.claims = Collections.unmodifiableMap(claims);
		this.scopes = List.copyOf(scopes);
		this.tokens = Collections.unmodifiableMap(tokens);
		this.clock = clock;
	}

	/**
	 * @return a mock user with {@code sub} {@code mock-user}
	 */
	public static MockLogtoUser mockLogtoUser() {
		return mockLogtoUser("mock-user");
	}

	/**
	 * @param sub the user id
	 * @return a mock user with that {@code sub}
	 */
	public static MockLogtoUser mockLogtoUser(String sub) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", requireText(sub, "sub"));
		return new MockLogtoUser(claims, List.of("openid", "offline_access", "profile"), Map.of(), Clock.systemUTC());
	}

	/**
	 * @param name a claim name
	 * @param value its value (strings, numbers, booleans, lists and maps of them)
	 * @return a copy with the claim set
	 */
	public MockLogtoUser claim(String name, Object value) {
		Map<String, Object> copy = new LinkedHashMap<>(this.claims);
		copy.put(requireText(name, "claim name"), Objects.requireNonNull(value, "value"));
		return new MockLogtoUser(copy, this.scopes, this.tokens, this.clock);
	}

	/**
	 * @param name the {@code name} claim
	 * @return a copy with it set
	 */
	public MockLogtoUser name(String name) {
		return claim("name", name);
	}

	/**
	 * @param email the {@code email} claim ({@code email_verified} is set to {@code true})
	 * @return a copy with them set
	 */
	public MockLogtoUser email(String email) {
		return claim("email", email).claim("email_verified", true);
	}

	/**
	 * @param roles the global roles (claim {@code roles}; authorities {@code ROLE_<role>})
	 * @return a copy with them set
	 */
	public MockLogtoUser roles(String... roles) {
		return claim("roles", List.of(roles));
	}

	/**
	 * @param organizationIds organizations the user is a member of (claim {@code organizations})
	 * @return a copy with them added
	 */
	public MockLogtoUser organizations(String... organizationIds) {
		List<String> organizations = new ArrayList<>(strings("organizations"));
		for (String id : organizationIds) {
			String organization = requireText(id, "organization id");
			if (!organizations.contains(organization)) {
				organizations.add(organization);
			}
		}
		return claim("organizations", List.copyOf(organizations));
	}

	/**
	 * @param organizationId an organization (the user becomes a member)
	 * @param role a role the user holds in it (claim {@code organization_roles} entry {@code <organizationId>:<role>})
	 * @return a copy with the membership and the role added
	 */
	public MockLogtoUser organizationRole(String organizationId, String role) {
		List<String> roles = new ArrayList<>(strings("organization_roles"));
		roles.add(requireText(organizationId, "organization id") + ":" + requireText(role, "role"));
		return organizations(organizationId).claim("organization_roles", List.copyOf(roles));
	}

	/**
	 * @param scopes the session's granted scopes (authorities {@code SCOPE_<scope>}); default
	 * {@code openid offline_access profile}
	 * @return a copy with them set
	 */
	public MockLogtoUser scopes(String... scopes) {
		return new MockLogtoUser(new LinkedHashMap<>(this.claims), List.of(scopes), this.tokens, this.clock);
	}

	/**
	 * @param resource an API resource indicator
	 * @param token the access token {@code getAccessToken(resource)} answers
	 * @return a copy with the token set
	 */
	public MockLogtoUser accessToken(String resource, String token) {
		return token(TokenKey.resource(requireText(resource, "resource")), token);
	}

	/**
	 * @param organizationId an organization (the user becomes a member)
	 * @param token the organization token {@code getOrganizationToken(organizationId)} answers
	 * @return a copy with the membership and the token set
	 */
	public MockLogtoUser organizationToken(String organizationId, String token) {
		return organizations(organizationId).token(TokenKey.organization(organizationId), token);
	}

	/**
	 * @param clock the clock of the tokens' {@code iat} and {@code exp} (default system UTC)
	 * @return a copy with it set
	 */
	public MockLogtoUser clock(Clock clock) {
		return new MockLogtoUser(new LinkedHashMap<>(this.claims), this.scopes, this.tokens,
				Objects.requireNonNull(clock, "clock"));
	}

	private MockLogtoUser token(TokenKey key, String token) {
		Map<TokenKey, String> copy = new LinkedHashMap<>(this.tokens);
		copy.put(key, requireText(token, "token"));
		return new MockLogtoUser(new LinkedHashMap<>(this.claims), this.scopes, copy, this.clock);
	}

	@Override
	public void beforeServerCreated(WebHttpHandlerBuilder builder) {
		builder.filters(filters -> filters.add(0, new MockLogtoUserFilter(this::client)));
	}

	@Override
	public void afterConfigurerAdded(WebTestClient.Builder builder, @Nullable WebHttpHandlerBuilder httpHandlerBuilder,
			@Nullable ClientHttpConnector connector) {
		if (httpHandlerBuilder == null) {
			throw new IllegalStateException("mockLogtoUser() needs a WebTestClient bound to the application "
					+ "(@WebFluxTest, @AutoConfigureWebTestClient or WebTestClient.bindToApplicationContext), not to a "
					+ "running server: sign in there with WebTestClientSignIn");
		}
		beforeServerCreated(httpHandlerBuilder);
	}

	/**
	 * @return a client for one request: its {@code iat} and {@code exp} from the clock now
	 */
	MockLogtoClient client() {
		Instant now = this.clock.instant();
		Map<String, Object> idToken = new LinkedHashMap<>();
		idToken.put("iss", ISSUER);
		idToken.put("aud", APP_ID);
		idToken.put("iat", now.getEpochSecond());
		idToken.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
		idToken.putAll(this.claims);
		return new MockLogtoClient(idToken, this.scopes, this.tokens, now);
	}

	private List<String> strings(String claim) {
		Object value = this.claims.get(claim);
		List<String> result = new ArrayList<>();
		if (value instanceof List<?> list) {
			list.forEach(item -> result.add(String.valueOf(item)));
		}
		return result;
	}

	private static String requireText(String value, String what) {
		if (Objects.requireNonNull(value, what).isBlank()) {
			throw new IllegalArgumentException(what + " must not be blank");
		}
		return value;
	}

	@Override
	public String toString() {
		return "MockLogtoUser{sub=" + this.claims.get("sub") + "}";
	}
}
