package io.github.logtoreactive.webflux.test;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import io.github.logtoreactive.AccessTokenClaims;
import io.github.logtoreactive.ContextOptions;
import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoContext;
import io.github.logtoreactive.OpaqueTokenException;
import io.github.logtoreactive.OrganizationAccessException;
import io.github.logtoreactive.OrganizationTokenResult;
import io.github.logtoreactive.SignInOptions;
import io.github.logtoreactive.SignInRequest;
import io.github.logtoreactive.SignInResult;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.UserInfo;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@link LogtoClient} of a {@link MockLogtoUser} for one request: always signed in, tokens as configured or
 * generated (unsigned JWTs, {@code alg: none}), nothing sent anywhere. Sign-in and its callback are refused with
 * {@link UnsupportedOperationException}.
 */
final class MockLogtoClient implements LogtoClient {

	private static final String OPAQUE_DEFAULT_TOKEN = "mock-default-access-token";

	private final IdTokenClaims claims;

	private final String idToken;

	private final List<String> scopes;

	private final Map<TokenKey, String> tokens;

	private final Instant now;

	MockLogtoClient(Map<String, Object> idTokenClaims, List<String> scopes, Map<TokenKey, String> tokens,
			Instant now) {
		this.claims = IdTokenClaims.of(idTokenClaims);
		this.idToken = unsignedJwt(idTokenClaims);
		this.scopes = scopes;
		this.tokens = tokens;
		this.now = now;
	}

	IdTokenClaims claims() {
		return this.claims;
	}

	List<String> scopes() {
		return this.scopes;
	}

	String idToken() {
		return this.idToken;
	}

	@Override
	public Mono<SignInRequest> signIn(SignInOptions options) {
		return Mono.error(new UnsupportedOperationException("a mock Logto user is signed in already"));
	}

	@Override
	public Mono<SignInResult> handleSignInCallback(String callbackUri) {
		return Mono.error(new UnsupportedOperationException("a mock Logto user has no sign-in callback"));
	}

	@Override
	public Mono<Boolean> isAuthenticated() {
		return Mono.just(Boolean.TRUE);
	}

	@Override
	public Mono<String> getIdToken() {
		return Mono.just(this.idToken);
	}

	@Override
	public Mono<IdTokenClaims> getIdTokenClaims() {
		return Mono.just(this.claims);
	}

	@Override
	public Mono<String> getRefreshToken() {
		return Mono.empty();
	}

	@Override
	public Mono<String> getAccessToken() {
		return getAccessToken(null, null, false);
	}

	@Override
	public Mono<String> getAccessToken(@Nullable String resource) {
		return getAccessToken(resource, null, false);
	}

	@Override
	public Mono<String> getAccessToken(@Nullable String resource, @Nullable String organizationId) {
		return getAccessToken(resource, organizationId, false);
	}

	@Override
	public Mono<String> getAccessToken(@Nullable String resource, @Nullable String organizationId,
			boolean forceRefresh) {
		return Mono.fromCallable(() -> token(resource, organizationId));
	}

	private String token(@Nullable String resource, @Nullable String organizationId) {
		TokenKey key = TokenKey.of(resource, organizationId);
		String configured = this.tokens.get(key);
		if (configured != null) {
			return configured;
		}
		if (organizationId != null && !this.claims.organizations().contains(organizationId)) {
			throw new OrganizationAccessException(organizationId, 403, "access_denied",
					"user is not a member of the organization", null);
		}
		if (resource == null && organizationId == null) {
			return OPAQUE_DEFAULT_TOKEN;
		}
		JWTClaimsSet.Builder token = new JWTClaimsSet.Builder().issuer(MockLogtoUser.ISSUER)
			.subject(this.claims.sub())
			.audience(resource != null ? resource : "urn:logto:organization:" + organizationId)
			.claim("client_id", MockLogtoUser.APP_ID)
			.claim("scope", "")
			.issueTime(java.util.Date.from(this.now))
			.expirationTime(java.util.Date.from(this.now.plus(Duration.ofHours(1))));
		if (resource != null && organizationId != null) {
			token.claim("organization_id", organizationId);
		}
		return new PlainJWT(token.build()).serialize();
	}

	@Override
	public Mono<AccessTokenClaims> getAccessTokenClaims(@Nullable String resource) {
		return getAccessTokenClaims(resource, null);
	}

	@Override
	public Mono<AccessTokenClaims> getAccessTokenClaims(@Nullable String resource, @Nullable String organizationId) {
		return getAccessToken(resource, organizationId).map(MockLogtoClient::decode);
	}

	@Override
	public Mono<String> getOrganizationToken(String organizationId) {
		return getAccessToken(null, Objects.requireNonNull(organizationId, "organizationId"));
	}

	@Override
	public Mono<AccessTokenClaims> getOrganizationTokenClaims(String organizationId) {
		return getOrganizationToken(organizationId).map(MockLogtoClient::decode);
	}

	@Override
	public Flux<OrganizationTokenResult> getOrganizationTokens() {
		return Flux.fromIterable(this.claims.organizations())
			.concatMap(id -> getOrganizationToken(id).map(token -> OrganizationTokenResult.success(id, token)));
	}

	@Override
	public Mono<UserInfo> fetchUserInfo() {
		return Mono.just(new UserInfo(Objects.requireNonNull(nonNullClaims())));
	}

	@Override
	public Mono<LogtoContext> getContext(ContextOptions options) {
		Mono<String> accessToken = options.getAccessToken()
				? getAccessToken(options.resource(), options.organizationId()) : Mono.empty();
		Mono<List<OrganizationTokenResult>> organizationTokens = options.getOrganizationTokens()
				? getOrganizationTokens().collectList() : Mono.just(List.of());
		return accessToken.map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty())
			.zipWith(organizationTokens)
			.map(both -> {
				String token = both.getT1().orElse(null);
				AccessTokenClaims tokenClaims = token != null && token.indexOf('.') > 0 ? decode(token) : null;
				UserInfo userInfo = options.fetchUserInfo() ? new UserInfo(nonNullClaims()) : null;
				return LogtoContext.authenticated(this.claims, userInfo, token, tokenClaims, both.getT2(),
						this.scopes);
			});
	}

	@Override
	public Mono<String> signOut(@Nullable String postLogoutRedirectUri) {
		return Mono.just(postLogoutRedirectUri != null ? postLogoutRedirectUri : "/");
	}

	@Override
	public Mono<Void> clearAccessTokens() {
		return Mono.empty();
	}

	@Override
	public Mono<Void> clearAllTokens() {
		return Mono.empty();
	}

	private Map<String, Object> nonNullClaims() {
		Map<String, Object> present = new java.util.LinkedHashMap<>();
		this.claims.claims().forEach((name, value) -> {
			if (value != null) {
				present.put(name, value);
			}
		});
		return present;
	}

	private static AccessTokenClaims decode(String token) {
		try {
			return new AccessTokenClaims(JWTParser.parse(token).getJWTClaimsSet().toJSONObject());
		}
		catch (ParseException ex) {
			throw new OpaqueTokenException("the access token is not a JWT");
		}
	}

	private static String unsignedJwt(Map<String, Object> claims) {
		try {
			return new PlainJWT(JWTClaimsSet.parse(new java.util.LinkedHashMap<>(claims))).serialize();
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("the mock user's claims are not valid JWT claims: " + ex.getMessage(), ex);
		}
	}

	@Override
	public String toString() {
		return "MockLogtoClient{sub=" + this.claims.sub() + ", scopes=" + new ArrayList<>(this.scopes) + "}";
	}
}
