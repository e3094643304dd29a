package io.github.logtoreactive.internal.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.internal.LogtoErrors;
import io.github.logtoreactive.internal.cache.SingleFlight;
import io.github.logtoreactive.internal.http.HttpResult;
import io.github.logtoreactive.internal.http.JsonObject;
import io.github.logtoreactive.internal.http.LogtoHttp;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Logto's discovery document ({@code <endpoint>/oidc/.well-known/openid-configuration}), fetched lazily on first use,
 * cached for {@link LogtoConfig#discoveryTtl()}, shared by all clients of an engine.
 *
 * <p>
 * Concurrent callers while nothing valid is cached share one request. A failure is never cached: the next caller
 * tries again. Once a document was fetched, a failed refresh after the TTL serves the previous document (stale if
 * error) rather than failing every sign-in while Logto is briefly unreachable. A provider that is down when the
 * application starts is therefore never a reason to fail to start.
 *
 * <p>
 * The document is validated: {@code issuer} must be exactly {@code <endpoint>/oidc} (OpenID Connect Discovery 4.3),
 * the authorization, token and JWKS endpoints must be absolute http(s) URLs, and at least one advertised ID-token
 * algorithm must be asymmetric. Errors: {@link io.github.logtoreactive.InvalidResponseException} for a document that
 * breaks these rules or a 4xx, {@link io.github.logtoreactive.LogtoTransportException} for timeouts, connection
 * failures, 5xx and 429.
 * <p>
 * Public only because {@code LogtoSigningKeys}, {@code EngineComponents} and the internal jwt, token and signin
 * packages use it.
 */
public final class DiscoveryCache {

	private static final Logger log = LoggerFactory.getLogger(DiscoveryCache.class);

	/** The ID-token algorithms this library ever accepts: asymmetric only, as Logto enables them (no EdDSA). */
	public static final Set<JWSAlgorithm> ASYMMETRIC_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
			JWSAlgorithm.ES384, JWSAlgorithm.ES512);

	private static final String SOURCE = "discovery endpoint";

	private final LogtoHttp http;

	private final URI discoveryUri;

	private final String expectedIssuer;

	private final Duration ttl;

	private final Clock clock;

	private final AtomicReference<@Nullable Snapshot> current = new AtomicReference<>();

	private final SingleFlight<OidcProviderMetadata> flight = new SingleFlight<>();

	/**
	 * @param http the engine's HTTP calls
	 * @param config the configuration (endpoint, TTL)
	 * @param clock the clock deciding expiry
	 */
	public DiscoveryCache(LogtoHttp http, LogtoConfig config, Clock clock) {
		this.http = Objects.requireNonNull(http, "http");
		this.discoveryUri = config.discoveryUri();
		this.expectedIssuer = config.endpoint() + "/oidc";
		this.ttl = config.discoveryTtl();
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * @return the provider metadata, from the cache or fetched (lazy)
	 */
	public Mono<OidcProviderMetadata> get() {
		return Mono.defer(() -> {
			Snapshot snapshot = this.current.get();
			if (snapshot != null && this.clock.instant().isBefore(snapshot.fetchedAt.plus(this.ttl))) {
				return Mono.just(snapshot.metadata);
			}
			Mono<OidcProviderMetadata> fetch = this.flight.join(this::fetch);
			if (snapshot == null) {
				return fetch;
			}
			return fetch.onErrorResume(error -> {
				log.debug("Refreshing the discovery document failed ({}); serving the previous one",
						error.getClass().getSimpleName());
				return Mono.just(snapshot.metadata);
			});
		});
	}

	private Mono<OidcProviderMetadata> fetch() {
		return this.http.get(this.discoveryUri, SOURCE).map(this::parse).doOnNext(metadata -> this.current
			.set(new Snapshot(metadata, this.clock.instant())));
	}

	private OidcProviderMetadata parse(HttpResult result) {
		if (result.status() != 200) {
			throw LogtoErrors.metadataError(SOURCE, result);
		}
		JsonObject json = JsonObject.parse(SOURCE, result.body());
		String issuer = json.requiredString("issuer");
		if (!stripSlash(issuer).equals(this.expectedIssuer)) {
			throw LogtoErrors.invalidResponse("discovery issuer is '" + issuer + "' but must be '" + this.expectedIssuer
					+ "': check the configured endpoint", null);
		}
		URI authorization = requiredUri(json, "authorization_endpoint");
		URI token = requiredUri(json, "token_endpoint");
		URI jwks = requiredUri(json, "jwks_uri");
		List<String> algs = json.optionalStringList("id_token_signing_alg_values_supported");
		Set<JWSAlgorithm> allowed = new LinkedHashSet<>();
		for (String alg : (algs == null ? List.of("RS256") : algs)) {
			JWSAlgorithm parsed = JWSAlgorithm.parse(alg);
			if (ASYMMETRIC_ALGORITHMS.contains(parsed)) {
				allowed.add(parsed);
			}
		}
		if (allowed.isEmpty()) {
			throw LogtoErrors.invalidResponse(
					"discovery advertises no asymmetric ID-token signing algorithm; refusing none and HMAC", null);
		}
		List<String> scopes = json.optionalStringList("scopes_supported");
		return new OidcProviderMetadata(issuer, authorization, token, jwks, optionalUri(json, "userinfo_endpoint"),
				optionalUri(json, "end_session_endpoint"), optionalUri(json, "revocation_endpoint"),
				Set.copyOf(allowed), scopes == null ? List.of() : scopes);
	}

	private static String stripSlash(String value) {
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

	private static URI requiredUri(JsonObject json, String name) {
		URI uri = optionalUri(json, name);
		if (uri == null) {
			throw LogtoErrors.invalidResponse("discovery document has no '" + name + "'", null);
		}
		return uri;
	}

	private static @Nullable URI optionalUri(JsonObject json, String name) {
		String value = json.optionalString(name);
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			URI uri = new URI(value);
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
				return uri;
			}
		}
		catch (URISyntaxException ex) {
			// reported below
		}
		throw LogtoErrors.invalidResponse("discovery '" + name + "' is not an absolute http(s) URL", null);
	}

	private record Snapshot(OidcProviderMetadata metadata, Instant fetchedAt) {
	}
}
