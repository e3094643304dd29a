package io.github.logtoreactive.internal.discovery;

import java.net.URI;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import org.jspecify.annotations.Nullable;

/**
 * The validated parts of Logto's discovery document that the library uses.
 *
 * @param issuer the issuer, {@code <endpoint>/oidc}
 * @param authorizationEndpoint the authorization endpoint
 * @param tokenEndpoint the token endpoint
 * @param jwksUri the JWKS URL
 * @param userinfoEndpoint the user-info endpoint, or {@code null} when not advertised
 * @param endSessionEndpoint the end-session endpoint, or {@code null} when not advertised
 * @param revocationEndpoint the revocation endpoint, or {@code null} when not advertised
 * @param idTokenSigningAlgorithms the ID-token algorithms to accept: the advertised ones that are asymmetric (never
 * {@code none} or HMAC), never empty
 * @param scopesSupported the advertised scopes (may be empty)
 * <p>
 * Public only because the internal jwt, token and signin packages use it.
 */
public record OidcProviderMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri,
		@Nullable URI userinfoEndpoint, @Nullable URI endSessionEndpoint, @Nullable URI revocationEndpoint,
		Set<JWSAlgorithm> idTokenSigningAlgorithms, List<String> scopesSupported) {
}
