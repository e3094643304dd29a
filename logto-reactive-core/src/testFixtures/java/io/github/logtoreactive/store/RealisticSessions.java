package io.github.logtoreactive.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.TokenKey;

/**
 * Sessions shaped like real Logto ones: ES384-signed JWTs (Logto's default signing key type) with Logto's claims, an
 * opaque refresh token, resource and organization access tokens. Deterministic apart from the ECDSA signatures.
 */
public final class RealisticSessions {

	/** A Logto-style application id. */
	public static final String APP_ID = "kq8r2xv5m1n7bz3d9w4ty";

	/** The issuer. */
	public static final String ISSUER = "https://k7x2pq.logto.app/oidc";

	/** A time with no sub-second part (the codec keeps seconds). */
	public static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

	private static final ECKey KEY = generate();

	private RealisticSessions() {
	}

	private static ECKey generate() {
		try {
			return new ECKeyGenerator(Curve.P_384).keyID(opaque(new Random(7), 43)).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param resources how many API resource tokens
	 * @param organizations how many organization tokens
	 * @return a signed-in session with an ID token, a refresh token, and that many JWT access tokens
	 */
	public static LogtoSession session(int resources, int organizations) {
		Random random = new Random(42);
		Map<TokenKey, AccessToken> tokens = new LinkedHashMap<>();
		String subject = opaque(random, 12).toLowerCase();
		List<String> orgs = new ArrayList<>();
		for (int i = 0; i < Math.max(organizations, 3); i++) {
			orgs.add(opaque(random, 12).toLowerCase());
		}
		for (int i = 0; i < resources; i++) {
			String resource = "https://api.example.com/" + new String[] { "orders", "invoices", "inventory",
					"shipping", "analytics", "catalog", "payments", "reports", "users", "search" }[i % 10]
					+ ((i >= 10) ? "-" + i : "");
			String token = resourceToken(random, subject, resource, "read:" + i + " write:" + i + " delete:" + i);
			tokens.put(TokenKey.resource(resource), new AccessToken(token, "read:" + i + " write:" + i + " delete:" + i,
					NOW, NOW.plusSeconds(3600)));
		}
		for (int i = 0; i < organizations; i++) {
			String org = orgs.get(i);
			String token = resourceToken(random, subject, "urn:logto:organization:" + org,
					"read:members invite:members manage:billing");
			tokens.put(TokenKey.organization(org),
					new AccessToken(token, "read:members invite:members manage:billing", NOW, NOW.plusSeconds(3600)));
		}
		return LogtoSession.restore(opaque(random, 32), 7, NOW.minusSeconds(86_400), idToken(random, subject, orgs),
				opaque(random, 43), tokens, Map.of());
	}

	/**
	 * @return the session of the issue: 1 ID token, a refresh token, 5 resource tokens and 3 organization tokens
	 */
	public static LogtoSession issueSession() {
		return session(5, 3);
	}

	/**
	 * @param count how many JWT access tokens (split about 2:1 between resources and organizations)
	 * @return a session with that many access tokens
	 */
	public static LogtoSession withTokens(int count) {
		int orgs = count / 3;
		return session(count - orgs, orgs);
	}

	static String idToken(Random random, String subject, List<String> orgs) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", subject);
		claims.put("name", "Ada Lovelace");
		claims.put("picture", "https://lh3.googleusercontent.com/a/ACg8ocK" + opaque(random, 60) + "=s96-c");
		claims.put("username", "ada.lovelace");
		claims.put("email", "ada.lovelace@example.com");
		claims.put("email_verified", true);
		claims.put("phone_number", "+15551234567");
		claims.put("phone_number_verified", false);
		claims.put("roles", List.of("admin", "billing-manager", "support-agent"));
		claims.put("organizations", orgs);
		List<String> orgRoles = new ArrayList<>();
		for (String org : orgs) {
			orgRoles.add(org + ":admin");
			orgRoles.add(org + ":member");
		}
		claims.put("organization_roles", orgRoles);
		claims.put("created_at", 1_735_689_600_000L);
		claims.put("updated_at", 1_740_823_200_000L);
		claims.put("at_hash", opaque(random, 22));
		claims.put("aud", APP_ID);
		claims.put("exp", NOW.plusSeconds(3600).getEpochSecond());
		claims.put("iat", NOW.getEpochSecond());
		claims.put("iss", ISSUER);
		return sign(JOSEObjectType.JWT, claims);
	}

	static String resourceToken(Random random, String subject, String audience, String scope) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("jti", opaque(random, 21));
		claims.put("sub", subject);
		claims.put("iat", NOW.getEpochSecond());
		claims.put("exp", NOW.plusSeconds(3600).getEpochSecond());
		claims.put("scope", scope);
		claims.put("client_id", APP_ID);
		claims.put("iss", ISSUER);
		claims.put("aud", audience);
		return sign(new JOSEObjectType("at+jwt"), claims);
	}

	private static String sign(JOSEObjectType type, Map<String, Object> claims) {
		try {
			JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
			claims.forEach((name, value) -> set.claim(name, (value instanceof Instant i) ? Date.from(i) : value));
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).type(type).keyID(KEY.getKeyID())
				.build(), set.build());
			jwt.sign(new ECDSASigner(KEY));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String opaque(Random random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, length);
	}
}
