package io.github.logtoreactive.internal.session;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import org.jspecify.annotations.Nullable;

import io.github.logtoreactive.store.DecodeFailure;

/**
 * A compact JWE ({@code alg=dir}, {@code enc=A256GCM}) over a key ring. The protected header carries the key id
 * ({@code kid}), the cookie name ({@code cn}, so a value cannot be moved to another cookie) and the caller's numeric
 * claims (epoch seconds); the header is authenticated by AES-GCM as additional data. Thread-safe.
 * <p>
 * Public only because the store package's codecs use it.
 */
public final class CookieJwe {

	/** Header parameter binding the value to its cookie name. */
	public static final String COOKIE_NAME = "cn";

	private final KeyRing keys;

	private final DirectEncrypter encrypter;

	private final Map<String, DirectDecrypter> decrypters;

	/**
	 * @param keys the keys of one purpose
	 */
	public CookieJwe(KeyRing keys) {
		this.keys = keys;
		try {
			this.encrypter = new DirectEncrypter(keys.primary().secretKey());
			this.encrypter.getJCAContext().setSecureRandom(SecureRandomSource.get());
			Map<String, DirectDecrypter> map = new HashMap<>();
			for (CookieKey key : keys.all()) {
				DirectDecrypter decrypter = new DirectDecrypter(key.secretKey());
				map.putIfAbsent(key.kid(), decrypter);
			}
			this.decrypters = Map.copyOf(map);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("AES-256 key rejected", ex);
		}
	}

	/**
	 * @param cookieName the cookie the value is for
	 * @param claims numeric header claims (epoch seconds), e.g. {@code iat}, {@code uat}
	 * @param payload the bytes to encrypt
	 * @return the compact serialization
	 */
	public String encrypt(String cookieName, Map<String, Long> claims, byte[] payload) {
		JWEHeader.Builder header = new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
			.keyID(this.keys.primary().kid())
			.customParam(COOKIE_NAME, cookieName);
		claims.forEach(header::customParam);
		JWEObject jwe = new JWEObject(header.build(), new Payload(payload));
		try {
			jwe.encrypt(this.encrypter);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
		return jwe.serialize();
	}

	/**
	 * Never throws on bad input.
	 * @param cookieName the cookie the value was read from
	 * @param compact the compact serialization
	 * @return the decrypted payload and header claims, or the failure
	 */
	public Opened decrypt(String cookieName, String compact) {
		DecodeFailure structure = checkStructure(compact);
		if (structure != null) {
			return Opened.failed(structure);
		}
		JWEObject jwe;
		try {
			jwe = JWEObject.parse(compact);
		}
		catch (ParseException | RuntimeException ex) {
			return Opened.failed(DecodeFailure.MALFORMED);
		}
		JWEHeader header = jwe.getHeader();
		if (!JWEAlgorithm.DIR.equals(header.getAlgorithm())
				|| !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())) {
			return Opened.failed(DecodeFailure.MALFORMED);
		}
		DirectDecrypter decrypter = (header.getKeyID() == null) ? null : this.decrypters.get(header.getKeyID());
		if (decrypter == null) {
			return Opened.failed(DecodeFailure.UNKNOWN_KEY);
		}
		try {
			jwe.decrypt(decrypter);
		}
		catch (JOSEException | RuntimeException ex) {
			return Opened.failed(DecodeFailure.TAMPERED);
		}
		if (!cookieName.equals(header.getCustomParam(COOKIE_NAME))) {
			return Opened.failed(DecodeFailure.TAMPERED);
		}
		return new Opened(null, jwe.getPayload().toBytes(), header.getCustomParams());
	}

	/**
	 * Five base64url parts, the second (encrypted key) empty for {@code dir}, each in canonical form (unused trailing
	 * bits zero), so that no two strings decode to the same bytes: every altered character is detected.
	 */
	private static @Nullable DecodeFailure checkStructure(String compact) {
		List<int[]> parts = new ArrayList<>(5);
		int start = 0;
		for (int i = 0; i <= compact.length(); i++) {
			if (i == compact.length() || compact.charAt(i) == '.') {
				parts.add(new int[] { start, i });
				start = i + 1;
			}
			else if (Base64Url.value(compact.charAt(i)) < 0) {
				return DecodeFailure.MALFORMED;
			}
		}
		if (parts.size() != 5 || parts.get(1)[1] != parts.get(1)[0]) {
			return DecodeFailure.MALFORMED;
		}
		for (int[] part : parts) {
			if (!Base64Url.isCanonical(compact, part[0], part[1])) {
				return DecodeFailure.MALFORMED;
			}
		}
		return null;
	}

	/**
	 * A decrypted payload with its header claims, or why there is none.
	 * @param failure the failure, or {@code null} on success
	 * @param payload the plaintext (empty on failure)
	 * @param claims the header's custom parameters
	 */
	public record Opened(@Nullable DecodeFailure failure, byte[] payload, Map<String, Object> claims) {

		static Opened failed(DecodeFailure failure) {
			return new Opened(failure, new byte[0], Map.of());
		}

		/**
		 * @param name a numeric header claim
		 * @return its value, or {@code null} when absent or not an integer
		 */
		public @Nullable Long claim(String name) {
			return (this.claims.get(name) instanceof Long value) ? value : null;
		}
	}
}
