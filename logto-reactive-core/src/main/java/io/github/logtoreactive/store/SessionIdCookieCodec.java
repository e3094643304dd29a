package io.github.logtoreactive.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.crypto.Mac;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.logtoreactive.internal.session.Base64Url;
import io.github.logtoreactive.internal.session.CookieKey;
import io.github.logtoreactive.internal.session.Hkdf;
import io.github.logtoreactive.internal.session.KeyRing;
import io.github.logtoreactive.internal.session.SecureRandomSource;

/**
 * The session cookie of an external {@link SessionStore}: it carries only the session id, signed.
 *
 * <p>
 * Value: {@code <id>.<mac>}, where the id is 22 to 128 base64url characters (ids made by {@link #newSessionId()} are
 * 32 characters: 192 random bits) and {@code mac} is the base64url HMAC-SHA256 of the cookie name and the id, keyed
 * for purpose {@code session-id} by each configured secret (the first signs; all verify, in constant time, for
 * rotation). A tampered or foreign value is "no session" ({@link DecodeFailure#TAMPERED}); the id itself is random,
 * so the signature only spares the store lookups of forged ids.
 *
 * <p>
 * The cookie's {@code Max-Age} is the absolute timeout: the store's TTL ends idle sessions. Immutable, thread-safe,
 * never blocks.
 */
public final class SessionIdCookieCodec {

	private static final Logger logger = LoggerFactory.getLogger(SessionIdCookieCodec.class);

	private static final int ID_BYTES = 24;

	private static final int MIN_ID_CHARS = 22;

	private static final int MAX_ID_CHARS = 128;

	private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

	private final SessionCookieSettings settings;

	private final List<CookieKey> keys;

	private final SessionCodecMetrics metrics = new SessionCodecMetrics();

	private SessionIdCookieCodec(CookieSecrets secrets, SessionCookieSettings settings) {
		this.settings = settings;
		KeyRing ring = secrets.keyRing("session-id");
		this.keys = ring.all();
	}

	/**
	 * @param secrets the cookie secrets
	 * @param settings the cookie settings (the session cookie's name and scope are used)
	 * @return the codec
	 */
	public static SessionIdCookieCodec create(CookieSecrets secrets, SessionCookieSettings settings) {
		return new SessionIdCookieCodec(Objects.requireNonNull(secrets, "secrets"),
				Objects.requireNonNull(settings, "settings"));
	}

	/**
	 * @return a new random session id: 192 bits from a seeded DRBG, 32 base64url characters. Never blocks.
	 */
	public static String newSessionId() {
		return B64URL.encodeToString(SecureRandomSource.bytes(ID_BYTES));
	}

	/**
	 * @return the settings
	 */
	public SessionCookieSettings settings() {
		return this.settings;
	}

	/**
	 * @return the counters of this codec
	 */
	public SessionCodecMetrics metrics() {
		return this.metrics;
	}

	/**
	 * @param sessionId a session id (22 to 128 base64url characters)
	 * @return the cookie value
	 * @throws IllegalArgumentException when the id is not 22 to 128 base64url characters
	 */
	public String encode(String sessionId) {
		if (!isValidId(sessionId)) {
			throw new IllegalArgumentException("a session id must be 22 to 128 base64url characters");
		}
		this.metrics.recordEncoded();
		return sessionId + "." + B64URL.encodeToString(mac(this.keys.get(0), sessionId));
	}

	/**
	 * @param sessionId a session id
	 * @return the cookie writing it ({@code Max-Age} = the absolute timeout)
	 * @throws IllegalArgumentException when the id is not 22 to 128 base64url characters
	 */
	public SetCookie cookie(String sessionId) {
		return this.settings.cookie(this.settings.cookieName(), encode(sessionId), this.settings.absoluteTimeout());
	}

	/**
	 * @return the cookie deleting the session cookie (sign-out)
	 */
	public SetCookie deletionCookie() {
		return this.settings.deletion(this.settings.cookieName());
	}

	/**
	 * @param requestCookies the request's cookies by name
	 * @return the session id, or none with the reason. Never throws on bad input.
	 */
	public CookieDecodeResult<String> decode(Map<String, String> requestCookies) {
		return decode(requestCookies.get(this.settings.cookieName()));
	}

	/**
	 * @param value the session cookie's value, or {@code null} when absent
	 * @return the session id, or none with the reason. Never throws on bad input.
	 */
	public CookieDecodeResult<String> decode(@Nullable String value) {
		CookieDecodeResult<String> result = read(value);
		if (result.isPresent()) {
			this.metrics.recordDecoded();
		}
		else {
			DecodeFailure reason = result.failure().orElse(DecodeFailure.MALFORMED);
			this.metrics.recordFailure(reason);
			if (reason != DecodeFailure.ABSENT && logger.isDebugEnabled()) {
				logger.debug("Session id cookie '{}' refused: {}", this.settings.cookieName(), reason);
			}
		}
		return result;
	}

	private CookieDecodeResult<String> read(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return CookieDecodeResult.failed(DecodeFailure.ABSENT);
		}
		int dot = value.indexOf('.');
		if (dot < 0 || value.length() - dot - 1 != 43) {
			return CookieDecodeResult.failed(DecodeFailure.MALFORMED);
		}
		String id = value.substring(0, dot);
		String mac = value.substring(dot + 1);
		if (!isValidId(id) || !Base64Url.isAlphabet(mac) || !Base64Url.isCanonical(mac, 0, mac.length())) {
			return CookieDecodeResult.failed(DecodeFailure.MALFORMED);
		}
		byte[] given = Base64.getUrlDecoder().decode(mac);
		boolean valid = false;
		for (CookieKey key : this.keys) {
			valid |= MessageDigest.isEqual(given, mac(key, id));
		}
		return valid ? CookieDecodeResult.of(id, null) : CookieDecodeResult.failed(DecodeFailure.TAMPERED);
	}

	private byte[] mac(CookieKey key, String id) {
		Mac mac = Hkdf.hmac(key.bytes());
		mac.update(this.settings.cookieName().getBytes(StandardCharsets.US_ASCII));
		mac.update((byte) '\n');
		return mac.doFinal(id.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * @param id a candidate session id
	 * @return whether it is 22 to 128 base64url characters
	 */
	public static boolean isValidId(@Nullable String id) {
		return id != null && id.length() >= MIN_ID_CHARS && id.length() <= MAX_ID_CHARS && Base64Url.isAlphabet(id);
	}
}
