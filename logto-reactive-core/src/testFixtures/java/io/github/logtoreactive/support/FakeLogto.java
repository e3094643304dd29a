package io.github.logtoreactive.support;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.internal.crypto.Pkce;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * A fake Logto on a {@link MockWebServer}, faithful to what Logto sends and accepts (logto-server.md): discovery with
 * issuer {@code <endpoint>/oidc} and {@code id_token_signing_alg_values_supported: ["ES384"]}, a JWKS with an EC P-384
 * key (kid = RFC 7638 thumbprint), and a token endpoint that checks client authentication (Basic with form-encoded
 * credentials, or {@code client_id} for public clients), single-use codes, the redirect URI and the PKCE verifier,
 * and answers with Logto's JSON error bodies. {@link #authorize(URI)} plays the user signing in.
 *
 * <p>
 * Every handler and token detail can be replaced by a test through the public volatile fields.
 */
public final class FakeLogto {

	public static final String APP_ID = "app-0123";

	/** A secret that changes under form-url-encoding, to prove RFC 6749 2.3.1 encoding. */
	public static final String APP_SECRET = "s3cr:t/+ é&=";

	public static final ECKey EC_KEY = generateEc();

	public static final ECKey OTHER_EC_KEY = generateEc();

	public static final RSAKey RSA_KEY = generateRsa();

	private final MockWebServer server;

	private final String tenantPath;

	private final Clock clock;

	private final Map<String, Grant> codes = new ConcurrentHashMap<>();

	private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	public final List<RecordedRequest> tokenRequests = new CopyOnWriteArrayList<>();

	public final List<RecordedRequest> revocationRequests = new CopyOnWriteArrayList<>();

	public volatile List<String> idTokenAlgorithms = List.of("ES384");

	public volatile List<JWK> publishedKeys = List.of(EC_KEY);

	public volatile JWK signingKey = EC_KEY;

	public volatile @Nullable String secretExpected = APP_SECRET;

	/** Changes the claims of minted ID tokens (a mutable, ordered map; JSON nulls allowed). */
	public volatile Consumer<Map<String, @Nullable Object>> idTokenClaims = claims -> {
	};

	/** Replaces a minted ID token wholesale (malformed, unsigned, HMAC...). */
	public volatile UnaryOperator<String> idTokenOverride = token -> token;

	/** Changes a successful token response before it is sent. */
	public volatile Consumer<Map<String, @Nullable Object>> tokenResponse = body -> {
	};

	public volatile Function<RecordedRequest, MockResponse> discoveryHandler = this::discovery;

	public volatile Function<RecordedRequest, MockResponse> jwksHandler = this::jwks;

	public volatile Function<RecordedRequest, MockResponse> tokenHandler = this::token;

	public volatile Function<RecordedRequest, MockResponse> revocationHandler = request -> new MockResponse.Builder()
		.code(200)
		.build();

	public FakeLogto(MockWebServer server, Clock clock) {
		this(server, clock, "");
	}

	public FakeLogto(MockWebServer server, Clock clock, String tenantPath) {
		this.server = server;
		this.clock = clock;
		this.tenantPath = tenantPath;
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return route(request);
			}
		});
	}

	private static ECKey generateEc() {
		try {
			return new ECKeyGenerator(Curve.P_384).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES384)
				.keyIDFromThumbprint(true)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey generateRsa() {
		try {
			return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint(true).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Switches to an RSA tenant: RS256 advertised, the RSA key published and used. */
	public FakeLogto useRsa() {
		this.idTokenAlgorithms = List.of("RS256");
		this.publishedKeys = List.of(RSA_KEY);
		this.signingKey = RSA_KEY;
		return this;
	}

	public String endpoint() {
		String url = this.server.url("/").toString();
		return url.substring(0, url.length() - 1) + this.tenantPath;
	}

	public String issuer() {
		return endpoint() + "/oidc";
	}

	public LogtoConfig.Builder config() {
		return LogtoConfig.builder().endpoint(endpoint()).appId(APP_ID).appSecret(APP_SECRET);
	}

	public int count(String path) {
		AtomicInteger count = this.counts.get(this.tenantPath + path);
		return count == null ? 0 : count.get();
	}

	public int discoveryCount() {
		return count("/oidc/.well-known/openid-configuration");
	}

	public int jwksCount() {
		return count("/oidc/jwks");
	}

	public int tokenCount() {
		return count("/oidc/token");
	}

	/**
	 * Plays the user signing in at Logto: checks the authorization request, issues a single-use code.
	 * @return the callback URL Logto would redirect to ({@code code}, {@code state}, {@code iss})
	 */
	public String authorize(URI authorizationUri) {
		Map<String, String> query = parseQuery(authorizationUri.getRawQuery());
		if (!APP_ID.equals(query.get("client_id")) || !"code".equals(query.get("response_type"))
				|| !"S256".equals(query.get("code_challenge_method"))) {
			throw new IllegalArgumentException("not an authorization request Logto accepts: " + query.keySet());
		}
		String code = "code-" + UUID.randomUUID();
		this.codes.put(code, new Grant(query.get("redirect_uri"), query.get("code_challenge"), query.get("nonce")));
		return query.get("redirect_uri") + "?code=" + encode(code) + "&state=" + encode(query.get("state")) + "&iss="
				+ encode(issuer());
	}

	public String mintIdToken(@Nullable String nonce) {
		Instant now = this.clock.instant();
		Map<String, @Nullable Object> claims = new LinkedHashMap<>();
		claims.put("sub", "user-1");
		claims.put("name", "Ada Lovelace");
		claims.put("picture", null);
		claims.put("username", "ada");
		claims.put("email", "ada@example.com");
		claims.put("email_verified", true);
		claims.put("created_at", 1_700_000_000_123L);
		claims.put("updated_at", 1_700_000_100_456L);
		if (nonce != null) {
			claims.put("nonce", nonce);
		}
		claims.put("sid", "sid-1");
		claims.put("exp", now.getEpochSecond() + 3600);
		claims.put("iat", now.getEpochSecond());
		claims.put("iss", issuer());
		claims.put("aud", APP_ID);
		this.idTokenClaims.accept(claims);
		return this.idTokenOverride.apply(sign(claims, this.signingKey));
	}

	public static String sign(Map<String, @Nullable Object> claims, JWK key) {
		try {
			JWSAlgorithm alg;
			JWSSigner signer;
			if (key instanceof ECKey ec) {
				alg = JWSAlgorithm.ES384;
				signer = new ECDSASigner(ec);
			}
			else {
				alg = JWSAlgorithm.RS256;
				signer = new RSASSASigner((RSAKey) key);
			}
			JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(),
					new Payload(JSONObjectUtils.toJSONString(new LinkedHashMap<>(claims))));
			jws.sign(signer);
			return jws.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private MockResponse route(RecordedRequest request) {
		String path = request.getUrl().encodedPath();
		this.counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
		String local = path.startsWith(this.tenantPath) ? path.substring(this.tenantPath.length()) : path;
		return switch (local) {
			case "/oidc/.well-known/openid-configuration" -> this.discoveryHandler.apply(request);
			case "/oidc/jwks" -> this.jwksHandler.apply(request);
			case "/oidc/token" -> {
				this.tokenRequests.add(request);
				yield this.tokenHandler.apply(request);
			}
			case "/oidc/token/revocation" -> {
				this.revocationRequests.add(request);
				yield this.revocationHandler.apply(request);
			}
			default -> json(404, Map.of("error", "invalid_request", "error_description",
					"unrecognized route or not allowed method"));
		};
	}

	public Map<String, @Nullable Object> discoveryDocument() {
		String oidc = issuer();
		Map<String, @Nullable Object> doc = new LinkedHashMap<>();
		doc.put("issuer", oidc);
		doc.put("authorization_endpoint", oidc + "/auth");
		doc.put("token_endpoint", oidc + "/token");
		doc.put("userinfo_endpoint", oidc + "/me");
		doc.put("end_session_endpoint", oidc + "/session/end");
		doc.put("revocation_endpoint", oidc + "/token/revocation");
		doc.put("jwks_uri", oidc + "/jwks");
		doc.put("authorization_response_iss_parameter_supported", true);
		doc.put("code_challenge_methods_supported", List.of("S256"));
		doc.put("id_token_signing_alg_values_supported", this.idTokenAlgorithms);
		doc.put("scopes_supported", List.of("openid", "offline_access", "profile", "email"));
		doc.put("token_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_jwt", "client_secret_post", "private_key_jwt", "none"));
		return doc;
	}

	private MockResponse discovery(RecordedRequest request) {
		return json(200, discoveryDocument());
	}

	private MockResponse jwks(RecordedRequest request) {
		return new MockResponse.Builder().code(200)
			.setHeader("Content-Type", "application/json")
			.setHeader("Cache-Control", "no-cache, max-age=0, must-revalidate")
			.body(new JWKSet(this.publishedKeys).toString(true))
			.build();
	}

	private MockResponse token(RecordedRequest request) {
		Map<String, String> form = parseQuery(request.getBody() == null ? "" : request.getBody().utf8());
		if (!authenticated(request, form)) {
			return json(401, logtoError("invalid_client", "client authentication failed"));
		}
		String grantType = form.get("grant_type");
		if ("authorization_code".equals(grantType)) {
			Grant grant = this.codes.remove(String.valueOf(form.get("code")));
			if (grant == null || !grant.redirectUri().equals(form.get("redirect_uri"))
					|| form.get("code_verifier") == null
					|| !Pkce.challenge(form.get("code_verifier")).equals(grant.challenge())) {
				return json(400, logtoError("invalid_grant", "grant request is invalid"));
			}
			return tokens(grant.nonce());
		}
		if ("refresh_token".equals(grantType)) {
			if (this.refreshTokens.remove(String.valueOf(form.get("refresh_token"))) == null) {
				return json(400, logtoError("invalid_grant", "grant request is invalid"));
			}
			return tokens(null);
		}
		if ("client_credentials".equals(grantType)) {
			Map<String, @Nullable Object> body = new LinkedHashMap<>();
			body.put("access_token", "m2m-" + UUID.randomUUID());
			body.put("expires_in", 3600);
			body.put("token_type", "Bearer");
			body.put("scope", form.getOrDefault("scope", ""));
			return json(200, body);
		}
		return json(400, logtoError("unsupported_grant_type", "unsupported grant_type requested"));
	}

	private boolean authenticated(RecordedRequest request, Map<String, String> form) {
		String authorization = request.getHeaders().get("Authorization");
		if (authorization != null) {
			if (!authorization.startsWith("Basic ") || form.containsKey("client_secret")) {
				return false;
			}
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
			String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
			String clientIdInForm = form.get("client_id");
			return (clientIdInForm == null || clientIdInForm.equals(id)) && APP_ID.equals(id)
					&& secret.equals(this.secretExpected);
		}
		return this.secretExpected == null && APP_ID.equals(form.get("client_id"));
	}

	private MockResponse tokens(@Nullable String nonce) {
		String refreshToken = "rt-" + UUID.randomUUID();
		this.refreshTokens.put(refreshToken, refreshToken);
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("access_token", "opaque-at-" + UUID.randomUUID().toString().replace("-", ""));
		body.put("expires_in", 3600);
		body.put("id_token", mintIdToken(nonce));
		body.put("refresh_token", refreshToken);
		body.put("scope", "openid offline_access profile");
		body.put("token_type", "Bearer");
		this.tokenResponse.accept(body);
		return json(200, body);
	}

	public static Map<String, @Nullable Object> logtoError(String error, String description) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("code", "oidc." + error);
		body.put("message", "Logto says: " + error);
		if ("invalid_grant".equals(error)) {
			body.put("error_uri", "https://openid.sh/debug/invalid_grant");
		}
		body.put("error", error);
		body.put("error_description", description);
		return body;
	}

	public static MockResponse json(int status, Map<String, ?> body) {
		return new MockResponse.Builder().code(status)
			.setHeader("Content-Type", "application/json; charset=utf-8")
			.body(JSONObjectUtils.toJSONString(new LinkedHashMap<>(body)))
			.build();
	}

	public static Map<String, String> parseQuery(@Nullable String raw) {
		Map<String, String> result = new LinkedHashMap<>();
		if (raw == null || raw.isEmpty()) {
			return result;
		}
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			result.merge(name, value, (a, b) -> a + "\u0000" + b);
		}
		return result;
	}

	/** All values of a repeated query parameter, in order. */
	public static List<String> queryValues(URI uri, String name) {
		String joined = parseQuery(uri.getRawQuery()).get(name);
		return joined == null ? List.of() : new ArrayList<>(List.of(joined.split("\u0000")));
	}

	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private record Grant(String redirectUri, String challenge, @Nullable String nonce) {
	}
}
