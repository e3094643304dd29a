package io.github.logtoreactive.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.internal.session.CookieKey;
import io.github.logtoreactive.internal.session.KeyRing;
import io.github.logtoreactive.internal.session.SecretEntropy;
import org.jspecify.annotations.Nullable;

/**
 * The secrets that protect session cookies, with key rotation: the first secret encrypts and signs, every secret
 * decrypts and verifies. To rotate, put the new secret first and keep the old one second until every cookie written
 * with it has expired (the absolute session timeout); nobody is signed out.
 *
 * <p>
 * No secret is used directly. Each purpose gets its own 256-bit key derived with HKDF-SHA256 (RFC 5869) from the
 * secret's UTF-8 bytes, salt {@code "logto-reactive/" + appId} and info {@code "logto-reactive/v1 " + purpose}
 * ({@code session}, {@code transaction}, {@code session-id}), so a cookie of one app or purpose never decrypts as
 * another. A short key id (48 bits of an HMAC of the derived key) in each cookie picks the key to decrypt with.
 *
 * <p>
 * Every secret must carry at least 32 bytes of entropy, checked when this object is built:
 * <ul>
 * <li>a string of only hexadecimal digits needs at least 64 of them;</li>
 * <li>any other string (base64 of 32 random bytes is 44 characters, a long passphrase) needs at least 32
 * characters;</li>
 * <li>at least 12 distinct characters, none of them more than a quarter of the string; no surrounding
 * whitespace.</li>
 * </ul>
 * Generate one with {@code openssl rand -base64 32}.
 *
 * <p>
 * Immutable and thread-safe; {@link #toString()} shows no secret. Building derives the keys (a few microseconds of
 * CPU, no I/O).
 */
public final class CookieSecrets {

	private static final String HOW = "set logto.cookie.secret / LOGTO_COOKIE_SECRET to at least 32 random bytes, "
			+ "e.g. `openssl rand -base64 32`";

	private final String appId;

	private final List<String> secrets;

	private CookieSecrets(String appId, List<String> secrets) {
		this.appId = appId;
		this.secrets = secrets;
	}

	/**
	 * @param appId the Logto application id the cookies belong to
	 * @param secrets the secrets, the one that encrypts first
	 * @return the secrets
	 * @throws LogtoConfigurationException ({@code field = "cookieSecret"}) when a secret is missing or too weak, or
	 * {@code field = "appId"} when the app id is blank
	 */
	public static CookieSecrets of(String appId, List<String> secrets) {
		if (appId == null || appId.isBlank()) {
			throw new LogtoConfigurationException("appId",
					"appId must be set to derive the cookie keys: set the Logto application id");
		}
		if (secrets == null || secrets.isEmpty()) {
			throw new LogtoConfigurationException("cookieSecret", "No cookie secret is configured: " + HOW);
		}
		List<String> copy = new ArrayList<>(secrets.size());
		for (int i = 0; i < secrets.size(); i++) {
			String secret = secrets.get(i);
			String problem = SecretEntropy.problem(secret);
			if (problem != null) {
				String which = (secrets.size() == 1) ? "The cookie secret" : "Cookie secret #" + (i + 1);
				throw new LogtoConfigurationException("cookieSecret", which + " " + problem + ": " + HOW);
			}
			copy.add(secret);
		}
		return new CookieSecrets(appId, List.copyOf(copy));
	}

	/**
	 * @param appId the Logto application id the cookies belong to
	 * @param secrets the secrets, the one that encrypts first
	 * @return the secrets
	 * @throws LogtoConfigurationException when a secret is missing or too weak
	 */
	public static CookieSecrets of(String appId, String... secrets) {
		return of(appId, (secrets == null) ? List.of() : Arrays.asList(secrets));
	}

	/**
	 * @return the Logto application id the keys are bound to
	 */
	public String appId() {
		return this.appId;
	}

	/**
	 * @return how many secrets are configured
	 */
	public int size() {
		return this.secrets.size();
	}

	KeyRing keyRing(String purpose) {
		List<CookieKey> keys = new ArrayList<>(this.secrets.size());
		for (String secret : this.secrets) {
			keys.add(CookieKey.derive(secret, this.appId, purpose));
		}
		return new KeyRing(keys);
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof CookieSecrets other && this.appId.equals(other.appId)
				&& this.secrets.equals(other.secrets);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.appId, this.secrets);
	}

	@Override
	public String toString() {
		return "CookieSecrets{appId=" + this.appId + ", secrets=" + this.secrets.size() + " (hidden)}";
	}
}
