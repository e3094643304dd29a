package io.github.logtoreactive.test.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;

import io.github.logtoreactive.test.TestUser;

/**
 * Issues ID tokens, JWT access tokens, opaque access tokens and logout tokens with Logto's header and claim
 * shapes: ID token header {@code {alg,kid}}, access token {@code {alg,typ:"at+jwt",kid}}, logout token
 * {@code {alg,typ:"logout+jwt",kid}}; no {@code at_hash}; {@code aud} of an ID token is the client id string.
 */
final class TokenIssuer {

	private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	private static final JOSEObjectType LOGOUT_JWT = new JOSEObjectType("logout+jwt");

	private final ServerContext context;

	TokenIssuer(ServerContext context) {
		this.context = context;
	}

	/**
	 * @param clientId the audience
	 * @param user the subject
	 * @param scopes the scopes deciding the claims
	 * @param sid the session uid
	 * @param nonce the nonce, or {@code null} (always {@code null} on refresh)
	 * @return the signed ID token
	 */
	String idToken(String clientId, TestUser user, Collection<String> scopes, String sid, String nonce) {
		long now = this.context.now().getEpochSecond();
		String subject = this.context.faults().idTokenSubject();
		Map<String, Object> claims = Json.object("sub", (subject != null) ? subject : user.id());
		claims.putAll(this.context.claims().forIdToken(user, scopes));
		if (nonce != null) {
			claims.put("nonce", nonce);
		}
		if (sid != null) {
			claims.put("sid", sid);
		}
		claims.put("aud", clientId);
		claims.put("exp", now + this.context.config().idTokenTtl().getSeconds());
		claims.put("iat", now);
		String issuer = this.context.issuer();
		claims.put("iss", this.context.faults().wrongIdTokenIssuer() ? issuer + "-wrong" : issuer);
		return this.context.keys().sign(null, Json.write(claims), this.context.faults());
	}

	/**
	 * @param subject the user id, or the client id for M2M
	 * @param clientId the client
	 * @param audience the resource indicator or {@code urn:logto:organization:<id>}
	 * @param scope the space-separated scope; {@code null} leaves the claim out (M2M without scopes)
	 * @param ttl the lifetime
	 * @param organizationId the {@code organization_id} claim, or {@code null}
	 * @return the signed access token
	 */
	String jwtAccessToken(String subject, String clientId, String audience, String scope, Duration ttl,
			String organizationId) {
		long now = this.context.now().getEpochSecond();
		Map<String, Object> claims = Json.object("jti", this.context.newToken(), "sub", subject, "iat", now, "exp",
				now + ttl.getSeconds());
		if (scope != null) {
			claims.put("scope", scope);
		}
		claims.put("client_id", clientId);
		claims.put("iss", this.context.issuer());
		claims.put("aud", audience);
		if (organizationId != null) {
			claims.put("organization_id", organizationId);
		}
		return this.context.keys().sign(AT_JWT, Json.write(claims), this.context.faults());
	}

	/** Issues and stores an opaque access token for the userinfo endpoint. */
	OpaqueAccessToken opaqueAccessToken(Grant grant, List<String> scopes) {
		Instant expiresAt = this.context.now().plus(this.context.config().accessTokenTtl());
		OpaqueAccessToken token = new OpaqueAccessToken(this.context.newToken(), grant.id(), grant.clientId(),
				grant.userId(), List.copyOf(scopes), expiresAt);
		this.context.state().accessTokens.put(token.value(), token);
		return token;
	}

	/**
	 * @param clientId the audience
	 * @param subject the user id
	 * @param sid the session uid, or {@code null} when the client does not require it
	 * @return the signed logout token ({@code exp = iat + 120})
	 */
	String logoutToken(String clientId, String subject, String sid) {
		long now = this.context.now().getEpochSecond();
		Map<String, Object> claims = Json.object("iss", this.context.issuer(), "aud", clientId, "iat", now, "exp",
				now + 120, "sub", subject, "jti", this.context.newToken(), "events",
				Json.object("http://schemas.openid.net/event/backchannel-logout", Json.object()));
		if (sid != null) {
			claims.put("sid", sid);
		}
		return this.context.keys().sign(LOGOUT_JWT, Json.write(claims), this.context.faults());
	}
}
