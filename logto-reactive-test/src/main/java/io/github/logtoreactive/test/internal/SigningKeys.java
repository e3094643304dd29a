package io.github.logtoreactive.test.internal;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import io.github.logtoreactive.test.SigningKeyType;

/**
 * The signing keys in Logto's order (current, next, previous), the JWKS built from them, and JWS signing.
 *
 * <p>Keys are generated on the thread that builds the server or calls a rotation method, with the pre-seeded
 * {@link RandomValues}; each key signs once right away so that JCA's lazy per-key randomness (RSA blinding) is
 * set up off the event loop. Signing afterwards is CPU-only. The {@code kid} of every key is its RFC 7638
 * thumbprint (SHA-256, base64url), as Logto computes it.
 */
final class SigningKeys {

	/** The JWS algorithms Logto enables for ID tokens, in its order (EdDSA removed). */
	private static final List<String> ENABLED_ALGORITHMS = List.of("RS256", "PS256", "ES256", "ES384", "ES512");

	/** An immutable snapshot of the key positions. */
	private record KeySet(SigningKey current, SigningKey next, SigningKey previous) {

		List<SigningKey> published() {
			List<SigningKey> keys = new ArrayList<>();
			keys.add(this.current);
			if (this.next != null) {
				keys.add(this.next);
			}
			if (this.previous != null) {
				keys.add(this.previous);
			}
			return keys;
		}
	}

	/** A private key with its type, signer and verifier. */
	record SigningKey(SigningKeyType type, JWK jwk, JWSSigner signer, JWSVerifier verifier) {

		String kid() {
			return this.jwk.getKeyID();
		}
	}

	private final RandomValues random;
	private final KeySet initial;
	private volatile KeySet keys;
	private final Map<SigningKeyType, SigningKey> rogueKeys = new ConcurrentHashMap<>();

	SigningKeys(SigningKeyType type, RandomValues random) {
		this.random = random;
		this.initial = new KeySet(generate(type), null, null);
		this.keys = this.initial;
	}

	private SigningKey generate(SigningKeyType type) {
		try {
			JWK jwk = switch (type) {
				case EC_P384 -> new ECKeyGenerator(Curve.P_384).keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.ES384)
					.keyIDFromThumbprint(true)
					.secureRandom(this.random.secureRandom())
					.generate();
				case EC_P256 -> new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.ES256)
					.keyIDFromThumbprint(true)
					.secureRandom(this.random.secureRandom())
					.generate();
				case RSA_2048 -> new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
					.keyIDFromThumbprint(true)
					.secureRandom(this.random.secureRandom())
					.generate();
			};
			JWSSigner signer;
			JWSVerifier verifier;
			if (jwk instanceof ECKey ec) {
				signer = new ECDSASigner(ec);
				verifier = new ECDSAVerifier(ec.toPublicJWK());
			}
			else {
				signer = new RSASSASigner((RSAKey) jwk);
				verifier = new RSASSAVerifier(((RSAKey) jwk).toPublicJWK());
			}
			signer.getJCAContext().setSecureRandom(this.random.secureRandom());
			SigningKey key = new SigningKey(type, jwk, signer, verifier);
			sign(key, key.kid(), null, "{}");
			return key;
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("cannot generate a " + type + " signing key", ex);
		}
	}

	/** Adds a "next" key to the JWKS without signing with it yet (Logto's staged key). */
	void prepareNext(SigningKeyType type) {
		KeySet current = this.keys;
		this.keys = new KeySet(current.current(), generate(type), current.previous());
	}

	/** Makes the next key (or a new one of {@code type}) current, and the current one previous. */
	void rotate(SigningKeyType type) {
		KeySet current = this.keys;
		SigningKey next = (current.next() != null) ? current.next() : generate(type);
		this.keys = new KeySet(next, null, current.current());
	}

	void reset() {
		this.keys = this.initial;
	}

	SigningKeyType currentType() {
		return this.keys.current().type();
	}

	/** Generates the key used by the signature faults, on the calling (test) thread. */
	void prepareRogueKey() {
		this.rogueKeys.computeIfAbsent(currentType(), this::generate);
	}

	/** @return the JWKS document: public keys in the order current, next, previous */
	Map<String, Object> jwks() {
		List<Object> published = new ArrayList<>();
		for (SigningKey key : this.keys.published()) {
			Map<String, Object> jwk = new LinkedHashMap<>(key.jwk().toPublicJWK().toJSONObject());
			published.add(jwk);
		}
		return Json.object("keys", published);
	}

	/** @return the algorithms the published keys can produce, in Logto's enabled-algorithm order */
	List<String> algorithms() {
		Set<String> available = new LinkedHashSet<>();
		for (SigningKey key : this.keys.published()) {
			if (key.type() == SigningKeyType.RSA_2048) {
				available.add("RS256");
				available.add("PS256");
			}
			else {
				available.add(key.type().algorithm());
			}
		}
		List<String> ordered = new ArrayList<>();
		for (String algorithm : ENABLED_ALGORITHMS) {
			if (available.contains(algorithm)) {
				ordered.add(algorithm);
			}
		}
		return ordered;
	}

	/**
	 * Signs a JWS with the current key.
	 * @param type the {@code typ} header, or {@code null} for none (ID tokens)
	 * @param payloadJson the payload, already serialized so the claim order is kept
	 * @param faults the signature faults to apply
	 * @return the compact serialization
	 */
	String sign(JOSEObjectType type, String payloadJson, FaultSettings faults) {
		SigningKey current = this.keys.current();
		if (faults.unknownSigningKid() || faults.badTokenSignature()) {
			SigningKey rogue = this.rogueKeys.computeIfAbsent(current.type(), this::generate);
			String kid = faults.unknownSigningKid() ? rogue.kid() : current.kid();
			return sign(rogue, kid, type, payloadJson);
		}
		return sign(current, current.kid(), type, payloadJson);
	}

	private static String sign(SigningKey key, String kid, JOSEObjectType type, String payloadJson) {
		JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.parse(key.type().algorithm())).keyID(kid);
		if (type != null) {
			header.type(type);
		}
		JWSObject jws = new JWSObject(header.build(), new Payload(payloadJson));
		try {
			jws.sign(key.signer());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("cannot sign with key " + kid, ex);
		}
		return jws.serialize();
	}

	/**
	 * Verifies a JWS issued by this server with the published key of its {@code kid}.
	 * @param compact the compact JWS
	 * @return the payload claims, or {@code null} when the token is malformed, unknown or its signature is bad
	 */
	Map<String, Object> verify(String compact) {
		try {
			JWSObject jws = JWSObject.parse(compact);
			for (SigningKey key : this.keys.published()) {
				if (key.kid().equals(jws.getHeader().getKeyID())) {
					return jws.verify(key.verifier()) ? jws.getPayload().toJSONObject() : null;
				}
			}
			return null;
		}
		catch (ParseException | JOSEException | IllegalStateException ex) {
			return null;
		}
	}
}
