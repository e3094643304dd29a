package io.github.logtoreactive.store;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.util.JSONObjectUtils;

import io.github.logtoreactive.LogtoSession;

/**
 * The baseline: the session cookie exactly as {@code @logto/node}'s default wrapper writes it
 * ({@code packages/node/src/utils/session.ts}): AES-256-GCM, key = SHA-256(secret), 12-byte IV, no AAD, plaintext
 * {@code JSON.stringify({idToken, refreshToken, accessToken: JSON.stringify(map)})}, value
 * {@code base64(ciphertext || tag) + "." + base64(iv)} with standard base64, URL-encoded by the cookie serializer.
 */
public final class LogtoCookieFormat {

	private static final SecureRandom RANDOM = new SecureRandom();

	private LogtoCookieFormat() {
	}

	/**
	 * @param session the session
	 * @return Logto's plaintext JSON of it
	 */
	public static String plaintext(LogtoSession session) {
		Map<String, Object> map = new LinkedHashMap<>();
		session.accessTokens().forEach((key, token) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("token", token.token());
			entry.put("scope", token.scope());
			entry.put("expiresAt", token.expiresAt().getEpochSecond());
			map.put(key.toString(), entry);
		});
		Map<String, Object> data = new LinkedHashMap<>();
		if (session.idToken() != null) {
			data.put("idToken", session.idToken());
		}
		if (session.refreshToken() != null) {
			data.put("refreshToken", session.refreshToken());
		}
		data.put("accessToken", JSONObjectUtils.toJSONString(map));
		return JSONObjectUtils.toJSONString(data);
	}

	/**
	 * @param key the AES key, {@link #key(String)}
	 * @param plaintext the JSON
	 * @return the URL-encoded cookie value
	 */
	public static String encrypt(SecretKeySpec key, String plaintext) {
		try {
			byte[] iv = new byte[12];
			RANDOM.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			String value = Base64.getEncoder().encodeToString(sealed) + "." + Base64.getEncoder().encodeToString(iv);
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param key the AES key
	 * @param cookieValue the URL-encoded cookie value
	 * @return the plaintext JSON
	 */
	public static String decrypt(SecretKeySpec key, String cookieValue) {
		try {
			String value = URLDecoder.decode(cookieValue, StandardCharsets.UTF_8);
			int dot = value.indexOf('.');
			byte[] sealed = Base64.getDecoder().decode(value.substring(0, dot));
			byte[] iv = Base64.getDecoder().decode(value.substring(dot + 1));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
			return new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param secret the cookie secret
	 * @return Logto's key: SHA-256 of the secret's UTF-8 bytes
	 */
	public static SecretKeySpec key(String secret) {
		try {
			return new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)),
					"AES");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param appId the app id
	 * @param value the cookie value
	 * @return the {@code Set-Cookie} header value {@code @logto/next} sends (name {@code logto_<appId>})
	 */
	public static String setCookieHeader(String appId, String value) {
		return "logto_" + appId + "=" + value + "; Path=/; Max-Age=1209600; HttpOnly; SameSite=Lax; Secure";
	}
}
