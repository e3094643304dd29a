package io.github.logtoreactive.webflux.security;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Logto-shaped access tokens signed with a test key: header {@code {alg, typ: at+jwt, kid}}, claims
 * {@code jti, iss, sub, aud, client_id, scope, iat, exp}; every part can be changed.
 */
final class AccessTokens {

	private final Map<String, Object> claims = new LinkedHashMap<>();

	private JWK key;

	private String type = "at+jwt";

	private AccessTokens(String issuer, String audience, JWK key, Instant now) {
		this.key = key;
		this.claims.put("jti", "jti-" + now.toEpochMilli());
		this.claims.put("iss", issuer);
		this.claims.put("sub", "user-1");
		this.claims.put("aud", audience);
		this.claims.put("client_id", "test-app");
		this.claims.put("scope", "read write");
		this.claims.put("iat", now.getEpochSecond());
		this.claims.put("exp", now.plusSeconds(3600).getEpochSecond());
	}

	static AccessTokens of(String issuer, String audience, JWK key, Instant now) {
		return new AccessTokens(issuer, audience, key, now);
	}

	AccessTokens claim(String name, Object value) {
		this.claims.put(name, value);
		return this;
	}

	AccessTokens without(String name) {
		this.claims.remove(name);
		return this;
	}

	AccessTokens type(String type) {
		this.type = type;
		return this;
	}

	AccessTokens key(JWK key) {
		this.key = key;
		return this;
	}

	String sign() {
		try {
			JWSHeader.Builder header = this.key instanceof ECKey ? new JWSHeader.Builder(JWSAlgorithm.ES384)
					: new JWSHeader.Builder(JWSAlgorithm.RS256);
			if (this.type != null) {
				header.type(new JOSEObjectType(this.type));
			}
			JWSObject jws = new JWSObject(header.keyID(this.key.getKeyID()).build(),
					new Payload(JSONObjectUtils.toJSONString(this.claims)));
			jws.sign(this.key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) this.key));
			return jws.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
