package io.github.logtoreactive.internal.session;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.ByteBuffer;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import io.github.logtoreactive.AccessToken;
import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SignInTransaction;
import io.github.logtoreactive.TokenKey;

/**
 * The compact JSON form of a {@link LogtoSession}, shared by the cookie codec and the stores.
 *
 * <pre>
 * {"f":1, "i":id, "n":version, "c":createdAt,
 *  "d":idToken, "r":refreshToken,                       (optional)
 *  "a":[[tokenKey, token, issuedAt, expiresAt, scope?], ...],
 *  "t":[[state, codeVerifier, nonce, redirectUri, createdAt, postRedirectUri?], ...]}
 * </pre>
 *
 * Times are epoch seconds (sub-second precision is dropped). A JWT (ID token, Logto's resource and organization
 * tokens) is stored as {@code [headerJson, payloadJson, signature]}: its base64url header and payload decoded to
 * JSON text, which DEFLATE compresses far better than base64 and which repeats across tokens (same issuer, claims,
 * key id). The exact original token is rebuilt on read; a token that would not round-trip byte for byte (non-canonical
 * base64url, non-UTF-8 content) is stored as a plain string. The reader ignores unknown fields and rejects anything
 * else it does not understand with {@link MalformedPayloadException}, never a {@code NullPointerException} or
 * {@code ClassCastException}.
 * <p>
 * Public only because the store package's codecs and stores use it.
 */
public final class SessionJson {

	/** The format version written in {@code "f"}. */
	public static final int FORMAT = 1;

	private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

	private SessionJson() {
	}

	/**
	 * @param session the session
	 * @param withTransactions whether to include the pending sign-in transactions
	 * @return the UTF-8 JSON
	 */
	public static byte[] write(LogtoSession session, boolean withTransactions) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("f", (long) FORMAT);
		json.put("i", session.id());
		json.put("n", session.version());
		json.put("c", session.createdAt().getEpochSecond());
		if (session.idToken() != null) {
			json.put("d", packToken(session.idToken()));
		}
		if (session.refreshToken() != null) {
			json.put("r", packToken(session.refreshToken()));
		}
		if (!session.accessTokens().isEmpty()) {
			List<Object> tokens = new ArrayList<>(session.accessTokens().size());
			session.accessTokens().forEach((key, token) -> tokens.add(accessToken(key, token)));
			json.put("a", tokens);
		}
		if (withTransactions && !session.transactions().isEmpty()) {
			List<Object> txs = new ArrayList<>(session.transactions().size());
			session.transactions().values().forEach((tx) -> txs.add(transaction(tx)));
			json.put("t", txs);
		}
		return JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * @param tx a sign-in transaction
	 * @return its UTF-8 JSON: {@code {"f":1,"x":[...]}}
	 */
	public static byte[] writeTransaction(SignInTransaction tx) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("f", (long) FORMAT);
		json.put("x", transaction(tx));
		return JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8);
	}

	private static List<Object> accessToken(TokenKey key, AccessToken token) {
		List<Object> entry = new ArrayList<>(5);
		entry.add(key.toString());
		entry.add(packToken(token.token()));
		entry.add(token.issuedAt().getEpochSecond());
		entry.add(token.expiresAt().getEpochSecond());
		if (token.scope() != null) {
			entry.add(token.scope());
		}
		return entry;
	}

	private static List<Object> transaction(SignInTransaction tx) {
		List<Object> entry = new ArrayList<>(6);
		entry.add(tx.state());
		entry.add(tx.codeVerifier());
		entry.add(tx.nonce());
		entry.add(tx.redirectUri());
		entry.add(tx.createdAt().getEpochSecond());
		if (tx.postRedirectUri() != null) {
			entry.add(tx.postRedirectUri());
		}
		return entry;
	}

	/**
	 * @param utf8 the output of {@link #write}
	 * @return the session
	 * @throws MalformedPayloadException when the JSON is not a session of a known format
	 */
	public static LogtoSession read(byte[] utf8) throws MalformedPayloadException {
		Map<String, Object> json = parse(utf8);
		String id = string(json.get("i"), "i");
		long version = number(json.get("n"), "n");
		Instant createdAt = Instant.ofEpochSecond(number(json.get("c"), "c"));
		String idToken = optionalToken(json.get("d"), "d");
		String refreshToken = optionalToken(json.get("r"), "r");
		Map<TokenKey, AccessToken> tokens = new LinkedHashMap<>();
		for (Object entry : optionalList(json.get("a"), "a")) {
			List<?> e = list(entry, "a[]");
			if (e.size() < 4 || e.size() > 5) {
				throw new MalformedPayloadException("access token entry has " + e.size() + " fields");
			}
			TokenKey key;
			try {
				key = TokenKey.parse(string(e.get(0), "a[].key"));
			}
			catch (IllegalArgumentException ex) {
				throw new MalformedPayloadException("invalid token key");
			}
			String scope = (e.size() == 5) ? string(e.get(4), "a[].scope") : null;
			tokens.put(key, new AccessToken(unpackToken(e.get(1), "a[].token"), scope,
					Instant.ofEpochSecond(number(e.get(2), "a[].iat")),
					Instant.ofEpochSecond(number(e.get(3), "a[].exp"))));
		}
		Map<String, SignInTransaction> txs = new LinkedHashMap<>();
		for (Object entry : optionalList(json.get("t"), "t")) {
			SignInTransaction tx = transaction(entry);
			txs.put(tx.state(), tx);
		}
		return LogtoSession.restore(id, version, createdAt, idToken, refreshToken, tokens, txs);
	}

	/**
	 * @param utf8 the output of {@link #writeTransaction}
	 * @return the transaction
	 * @throws MalformedPayloadException when the JSON is not a transaction of a known format
	 */
	public static SignInTransaction readTransaction(byte[] utf8) throws MalformedPayloadException {
		return transaction(parse(utf8).get("x"));
	}

	private static Map<String, Object> parse(byte[] utf8) throws MalformedPayloadException {
		Map<String, Object> json;
		try {
			json = JSONObjectUtils.parse(strictUtf8(utf8), PayloadCompression.MAX_INFLATED_BYTES);
		}
		catch (ParseException | RuntimeException ex) {
			throw new MalformedPayloadException("not a JSON object");
		}
		long format = number(json.get("f"), "f");
		if (format != FORMAT) {
			throw new MalformedPayloadException("unsupported format version " + format);
		}
		return json;
	}

	private static SignInTransaction transaction(@Nullable Object entry) throws MalformedPayloadException {
		List<?> e = list(entry, "t[]");
		if (e.size() < 5 || e.size() > 6) {
			throw new MalformedPayloadException("transaction entry has " + e.size() + " fields");
		}
		String post = (e.size() == 6) ? string(e.get(5), "t[].post") : null;
		return new SignInTransaction(string(e.get(0), "t[].state"), string(e.get(1), "t[].verifier"),
				string(e.get(2), "t[].nonce"), string(e.get(3), "t[].redirect"), post,
				Instant.ofEpochSecond(number(e.get(4), "t[].createdAt")));
	}

	private static Object packToken(String token) {
		int first = token.indexOf('.');
		int second = (first < 0) ? -1 : token.indexOf('.', first + 1);
		if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
			return token;
		}
		String header = canonicalJsonPart(token.substring(0, first));
		String payload = canonicalJsonPart(token.substring(first + 1, second));
		if (header == null || payload == null) {
			return token;
		}
		return Arrays.asList(header, payload, token.substring(second + 1));
	}

	/** The decoded text of a base64url JWT part, or null when decoding and re-encoding would not give it back. */
	private static @Nullable String canonicalJsonPart(String part) {
		try {
			byte[] bytes = B64URL_DECODER.decode(part);
			if (!B64URL.encodeToString(bytes).equals(part)) {
				return null;
			}
			return strictUtf8(bytes);
		}
		catch (IllegalArgumentException | MalformedPayloadException ex) {
			return null;
		}
	}

	private static @Nullable String optionalToken(@Nullable Object value, String field)
			throws MalformedPayloadException {
		return (value == null) ? null : unpackToken(value, field);
	}

	private static String unpackToken(@Nullable Object value, String field) throws MalformedPayloadException {
		if (value instanceof String s) {
			return s;
		}
		List<?> parts = list(value, field);
		if (parts.size() != 3) {
			throw new MalformedPayloadException(field + " has " + parts.size() + " parts");
		}
		return B64URL.encodeToString(string(parts.get(0), field).getBytes(StandardCharsets.UTF_8)) + "."
				+ B64URL.encodeToString(string(parts.get(1), field).getBytes(StandardCharsets.UTF_8)) + "."
				+ string(parts.get(2), field);
	}

	private static String strictUtf8(byte[] bytes) throws MalformedPayloadException {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new MalformedPayloadException("not UTF-8");
		}
	}

	private static String string(@Nullable Object value, String field) throws MalformedPayloadException {
		if (value instanceof String s) {
			return s;
		}
		throw new MalformedPayloadException(field + " is not a string");
	}

	private static long number(@Nullable Object value, String field) throws MalformedPayloadException {
		if (value instanceof Long l) {
			return l;
		}
		if (value instanceof Integer i) {
			return i;
		}
		throw new MalformedPayloadException(field + " is not an integer");
	}

	private static List<?> list(@Nullable Object value, String field) throws MalformedPayloadException {
		if (value instanceof List<?> l) {
			return l;
		}
		throw new MalformedPayloadException(field + " is not an array");
	}

	private static List<?> optionalList(@Nullable Object value, String field) throws MalformedPayloadException {
		return (value == null) ? List.of() : list(value, field);
	}
}
