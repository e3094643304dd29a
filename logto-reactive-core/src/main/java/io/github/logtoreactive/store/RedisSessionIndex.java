package io.github.logtoreactive.store;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.internal.session.CookieKey;
import io.github.logtoreactive.internal.session.Hkdf;

/**
 * The names of the Redis store's index keys, by which a back-channel logout finds the sessions to end:
 * {@code <keyPrefix>sid:<tag>} (a set of session ids: the sessions of one Logto session, the ID token's {@code sid})
 * and {@code <keyPrefix>sub:<tag>} (a sorted set of session ids scored by creation time: the sessions of one subject).
 *
 * <p>
 * The tag is the first 16 bytes, in hex, of {@code HMAC-SHA256} of the {@code sid} or {@code sub} under a key derived
 * from the {@link CookieSecrets} for this purpose only ({@code redis-session-index}), so a dump of Redis does not show
 * who is signed in, nor which sessions belong to one Logto session. Sessions are indexed under the first secret; a
 * logout looks under every secret, so sessions written before a rotation are still found.
 */
final class RedisSessionIndex {

	/** The purpose the index's key is derived for (distinct from every other key's). */
	static final String PURPOSE = "redis-session-index";

	private static final int TAG_BYTES = 16;

	private final List<CookieKey> keys;

	private final String keyPrefix;

	RedisSessionIndex(CookieSecrets secrets, String keyPrefix) {
		this.keys = secrets.keyRing(PURPOSE).all();
		this.keyPrefix = keyPrefix;
	}

	/**
	 * @param session a session about to be stored
	 * @return its {@code sid} and subject index keys under the first secret ({@code ""} for none: a session that is
	 * not signed in, or whose ID token names no {@code sid})
	 */
	String[] keysOf(LogtoSession session) {
		String idToken = session.idToken();
		if (idToken == null) {
			return new String[] { "", "" };
		}
		String sid;
		String sub;
		try {
			// verified when it was received; only read here
			JWTClaimsSet claims = JWTParser.parse(idToken).getJWTClaimsSet();
			sid = claims.getStringClaim("sid");
			sub = claims.getSubject();
		}
		catch (ParseException ex) {
			// not a JWT with string claims (never stored by the library): nothing to index it by
			return new String[] { "", "" };
		}
		CookieKey first = this.keys.get(0);
		return new String[] { sid == null ? "" : key("sid:", first, sid), sub == null ? "" : key("sub:", first, sub) };
	}

	/**
	 * @param sid Logto's session id
	 * @return its index keys, one per secret
	 */
	String[] sidKeys(String sid) {
		return all("sid:", sid);
	}

	/**
	 * @param sub a subject
	 * @return its index keys, one per secret
	 */
	String[] subjectKeys(String sub) {
		return all("sub:", sub);
	}

	private String[] all(String kind, String value) {
		List<String> names = new ArrayList<>(this.keys.size());
		for (CookieKey key : this.keys) {
			names.add(key(kind, key, value));
		}
		return names.toArray(String[]::new);
	}

	private String key(String kind, CookieKey key, String value) {
		byte[] mac = Hkdf.hmac(key.bytes()).doFinal((kind + value).getBytes(StandardCharsets.UTF_8));
		return this.keyPrefix + kind + HexFormat.of().formatHex(mac, 0, TAG_BYTES);
	}
}
