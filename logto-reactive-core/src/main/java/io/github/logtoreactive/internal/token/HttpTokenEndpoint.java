package io.github.logtoreactive.internal.token;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.internal.LogtoErrors;
import io.github.logtoreactive.internal.discovery.DiscoveryCache;
import io.github.logtoreactive.internal.discovery.OidcProviderMetadata;
import io.github.logtoreactive.internal.http.HttpResult;
import io.github.logtoreactive.internal.http.JsonObject;
import io.github.logtoreactive.internal.http.LogtoHttp;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * {@link TokenEndpoint} over HTTP, at the discovered token and revocation endpoints.
 *
 * <p>
 * Client authentication is {@code client_secret_basic} with the id and secret form-url-encoded before base64, as RFC
 * 6749 section 2.3.1 requires (Logto's JS SDK does not encode them); a public client (no secret) sends
 * {@code client_id} in the form instead. Credentials travel by one mechanism only, as Logto demands. The code exchange
 * sends no {@code resource}, so Logto issues the opaque user-info token plus the refresh token.
 *
 * <p>
 * Successful responses are validated: {@code access_token} present, {@code expires_in} present and a non-negative
 * whole number (Logto always sends it), {@code scope} kept as sent (Logto sends {@code ""} for an empty grant).
 * Errors are mapped by {@link LogtoErrors}. Never blocks; nothing is sent before subscription.
 * <p>
 * Public only because {@code EngineComponents} builds it.
 */
public final class HttpTokenEndpoint implements TokenEndpoint {

	private static final String SOURCE = "token endpoint";

	private static final String REVOCATION = "revocation endpoint";

	private final LogtoHttp http;

	private final DiscoveryCache discovery;

	private final LogtoConfig config;

	private final Clock clock;

	/**
	 * @param http the engine's HTTP calls
	 * @param discovery where the endpoints come from
	 * @param config the configuration (app id and secret)
	 * @param clock the clock (for {@code Retry-After} dates)
	 */
	public HttpTokenEndpoint(LogtoHttp http, DiscoveryCache discovery, LogtoConfig config, Clock clock) {
		this.http = Objects.requireNonNull(http, "http");
		this.discovery = Objects.requireNonNull(discovery, "discovery");
		this.config = Objects.requireNonNull(config, "config");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public Mono<TokenResponse> exchangeAuthorizationCode(String code, String codeVerifier, String redirectUri) {
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(codeVerifier, "codeVerifier");
		Objects.requireNonNull(redirectUri, "redirectUri");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("code_verifier", codeVerifier);
		form.put("redirect_uri", redirectUri);
		return grant(form, this.config.appId(), this.config.appSecret());
	}

	@Override
	public Mono<TokenResponse> refresh(String refreshToken, @Nullable String resource,
			@Nullable String organizationId) {
		Objects.requireNonNull(refreshToken, "refreshToken");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "refresh_token");
		form.put("refresh_token", refreshToken);
		putIfPresent(form, "resource", resource);
		putIfPresent(form, "organization_id", organizationId);
		return grant(form, this.config.appId(), this.config.appSecret());
	}

	@Override
	public Mono<TokenResponse> clientCredentials(String clientId, String clientSecret, @Nullable String resource,
			@Nullable String organizationId, @Nullable String scope) {
		Objects.requireNonNull(clientId, "clientId");
		Objects.requireNonNull(clientSecret, "clientSecret");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "client_credentials");
		putIfPresent(form, "resource", resource);
		putIfPresent(form, "organization_id", organizationId);
		putIfPresent(form, "scope", scope);
		return grant(form, clientId, clientSecret);
	}

	@Override
	public Mono<Void> revoke(String token, String tokenTypeHint) {
		Objects.requireNonNull(token, "token");
		Objects.requireNonNull(tokenTypeHint, "tokenTypeHint");
		return this.discovery.get().flatMap(metadata -> {
			URI endpoint = metadata.revocationEndpoint();
			if (endpoint == null) {
				return Mono.error(LogtoErrors.invalidResponse("discovery advertises no revocation_endpoint", null));
			}
			Map<String, String> form = new LinkedHashMap<>();
			form.put("token", token);
			form.put("token_type_hint", tokenTypeHint);
			String authorization = authenticate(form, this.config.appId(), this.config.appSecret());
			return this.http.postForm(endpoint, form, authorization, REVOCATION).flatMap(result -> {
				if (!result.isSuccess()) {
					return Mono.error(LogtoErrors.tokenEndpointError(result, this.clock));
				}
				return Mono.<Void>empty();
			});
		});
	}

	private Mono<TokenResponse> grant(Map<String, String> form, String clientId, @Nullable String clientSecret) {
		return this.discovery.get().flatMap((OidcProviderMetadata metadata) -> {
			Map<String, String> body = new LinkedHashMap<>(form);
			String authorization = authenticate(body, clientId, clientSecret);
			return this.http.postForm(metadata.tokenEndpoint(), body, authorization, SOURCE);
		}).map(this::toTokenResponse);
	}

	/**
	 * Adds the client's credentials: a Basic header when there is a secret, else {@code client_id} in the form.
	 * @return the {@code Authorization} header value, or {@code null}
	 */
	private static @Nullable String authenticate(Map<String, String> form, String clientId,
			@Nullable String clientSecret) {
		if (clientSecret == null) {
			form.put("client_id", clientId);
			return null;
		}
		return basic(clientId, clientSecret);
	}

	/**
	 * @param clientId the client id
	 * @param clientSecret the client secret
	 * @return {@code Basic base64(urlencode(id) ":" urlencode(secret))} (RFC 6749 section 2.3.1)
	 */
	public static String basic(String clientId, String clientSecret) {
		String credentials = LogtoHttp.formEncode(clientId) + ":" + LogtoHttp.formEncode(clientSecret);
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private TokenResponse toTokenResponse(HttpResult result) {
		if (!result.isSuccess()) {
			throw LogtoErrors.tokenEndpointError(result, this.clock);
		}
		JsonObject json = JsonObject.parse(SOURCE, result.body());
		String accessToken = json.requiredString("access_token");
		Long expiresIn = json.optionalNonNegativeLong("expires_in");
		if (expiresIn == null) {
			throw LogtoErrors.invalidResponse(SOURCE + " response field 'expires_in' is missing", null);
		}
		String tokenType = json.optionalString("token_type");
		return new TokenResponse(accessToken, emptyToNull(json.optionalString("refresh_token")),
				emptyToNull(json.optionalString("id_token")), json.optionalString("scope"), expiresIn,
				tokenType == null || tokenType.isEmpty() ? "Bearer" : tokenType);
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return value == null || value.isEmpty() ? null : value;
	}

	private static void putIfPresent(Map<String, String> form, String name, @Nullable String value) {
		if (value != null && !value.isEmpty()) {
			form.put(name, value);
		}
	}
}
