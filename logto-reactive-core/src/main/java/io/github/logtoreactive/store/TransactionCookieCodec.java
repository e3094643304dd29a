package io.github.logtoreactive.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.logtoreactive.SignInTransaction;
import io.github.logtoreactive.internal.crypto.SecureRandomStrings;
import io.github.logtoreactive.internal.session.Base64Url;
import io.github.logtoreactive.internal.session.CookieJwe;
import io.github.logtoreactive.internal.session.MalformedPayloadException;
import io.github.logtoreactive.internal.session.PayloadCompression;
import io.github.logtoreactive.internal.session.SessionJson;

/**
 * Encodes each pending {@link SignInTransaction} into its own short-lived cookie, so sign-ins never bloat the session
 * cookie and several tabs can sign in at once. The cookie is named {@code logto_tx_} + the first 16 hex digits of
 * {@code SHA-256(state)} and holds the transaction encrypted like the session (compact JWE, {@code dir} /
 * {@code A256GCM}, key derived for purpose {@code transaction}, bound to the cookie name); it lives
 * {@link SessionCookieSettings#transactionTtl()} (10 minutes by default) from the transaction's creation.
 *
 * <p>
 * <b>Bound to the browser.</b> A transaction cookie copied or planted into another browser (e.g. set from a sibling
 * subdomain) must not complete a sign-in there. So the browser that starts a sign-in gets a binding cookie
 * ({@link #bindingCookieName()}: a random value, {@code HttpOnly}, {@code Path=/}, never a {@code Domain}, and with
 * {@code Secure} cookies named with the {@code __Host-} prefix, which no other host can set), and each transaction
 * cookie carries a hash of it in its authenticated header. A transaction cookie read without the matching binding
 * cookie is refused ({@link DecodeFailure#UNBOUND}), so its callback finds no transaction and is answered 400.
 *
 * <p>
 * These cookies are {@code SameSite=Lax} even when the session cookie is {@code Strict}: the callback from Logto is a
 * cross-site navigation and a {@code Strict} cookie would not come with it.
 *
 * <p>
 * Decoding never throws on bad input: a tampered, foreign, expired or garbage cookie is "no transaction" with a
 * {@link DecodeFailure reason}, counted in {@link #metrics()} and logged at debug level without content. Immutable,
 * thread-safe, never blocks.
 */
public final class TransactionCookieCodec {

	private static final Logger logger = LoggerFactory.getLogger(TransactionCookieCodec.class);

	private static final String CREATED = "iat";

	/** Header claim: the first 64 bits of SHA-256 of the browser's binding cookie value. */
	private static final String BINDING = "bh";

	private static final String BINDING_COOKIE = "logto_bind";

	private static final SecureRandomStrings RANDOM = new SecureRandomStrings();

	private static final int NAME_HASH_CHARS = 16;

	/** Characters of a binding value: 32 bytes, base64url without padding. */
	private static final int BINDING_CHARS = 43;

	private final SessionCookieSettings settings;

	private final CookieJwe jwe;

	private final SessionCodecMetrics metrics = new SessionCodecMetrics();

	private TransactionCookieCodec(CookieSecrets secrets, SessionCookieSettings settings) {
		this.settings = settings;
		this.jwe = new CookieJwe(secrets.keyRing("transaction"));
	}

	/**
	 * @param secrets the cookie secrets
	 * @param settings the cookie settings (name prefix, scope, transaction lifetime)
	 * @return the codec
	 */
	public static TransactionCookieCodec create(CookieSecrets secrets, SessionCookieSettings settings) {
		return new TransactionCookieCodec(Objects.requireNonNull(secrets, "secrets"),
				Objects.requireNonNull(settings, "settings"));
	}

	/**
	 * @return the counters of this codec
	 */
	public SessionCodecMetrics metrics() {
		return this.metrics;
	}

	/**
	 * @param state a transaction's {@code state}
	 * @return the name of its cookie
	 */
	public String cookieName(String state) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
			return this.settings.transactionCookiePrefix()
					+ HexFormat.of().formatHex(hash).substring(0, NAME_HASH_CHARS);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
		}
	}

	/**
	 * @param cookieName a request cookie's name
	 * @return whether it is a transaction cookie of this codec
	 */
	public boolean isTransactionCookie(String cookieName) {
		String prefix = this.settings.transactionCookiePrefix();
		return cookieName.length() == prefix.length() + NAME_HASH_CHARS && cookieName.startsWith(prefix);
	}

	/**
	 * @return the name of the browser's binding cookie: {@code __Host-logto_bind} with {@code Secure} cookies (https),
	 * else {@code logto_bind}
	 */
	public String bindingCookieName() {
		return this.settings.secure() ? SessionCookieSettings.HOST_PREFIX + BINDING_COOKIE : BINDING_COOKIE;
	}

	/**
	 * @param requestCookies the request's cookies by name
	 * @return the value of the browser's binding cookie, or {@code null} when it carries none of the right form
	 */
	public @Nullable String binding(Map<String, String> requestCookies) {
		String value = requestCookies.get(bindingCookieName());
		return value != null && value.length() == BINDING_CHARS && Base64Url.isAlphabet(value) ? value : null;
	}

	/**
	 * @return a new binding value: 32 random bytes, base64url
	 */
	public static String newBinding() {
		return RANDOM.base64Url(SecureRandomStrings.TOKEN_BYTES);
	}

	/**
	 * @param binding the browser's binding value
	 * @return the cookie setting it: {@code HttpOnly}, {@code Path=/}, no {@code Domain}, {@code Secure} with secure
	 * cookies, as {@code SameSite} as transaction cookies, living as long as a transaction
	 */
	public SetCookie bindingCookie(String binding) {
		return SetCookie.builder(bindingCookieName(), binding)
			.maxAge(this.settings.transactionTtl())
			.path("/")
			.secure(this.settings.secure())
			.httpOnly(true)
			.sameSite(this.settings.transactionSameSite())
			.build();
	}

	/**
	 * @param transaction the transaction
	 * @param binding the value of the binding cookie of the browser starting it ({@link #binding}, else
	 * {@link #newBinding()} sent with {@link #bindingCookie})
	 * @param now the current time
	 * @return the cookie writing it ({@code Max-Age} = what is left of its lifetime)
	 */
	public SetCookie cookie(SignInTransaction transaction, String binding, Instant now) {
		String name = cookieName(transaction.state());
		String value = this.jwe.encrypt(name,
				Map.of(CREATED, transaction.createdAt().getEpochSecond(), BINDING, bindingHash(binding)),
				PayloadCompression.pack(SessionJson.writeTransaction(transaction)));
		this.metrics.recordEncoded();
		Duration left = Duration.between(now, transaction.createdAt().plus(this.settings.transactionTtl()));
		return this.settings.cookie(name, value, left, this.settings.transactionSameSite());
	}

	/**
	 * @param state the {@code state} of a transaction
	 * @return the cookie deleting its cookie (after the callback)
	 */
	public SetCookie deletionCookie(String state) {
		return deletionCookieNamed(cookieName(state));
	}

	/**
	 * @param cookieName a transaction cookie's name
	 * @return the cookie deleting it
	 */
	public SetCookie deletionCookieNamed(String cookieName) {
		return this.settings.cookie(cookieName, "", Duration.ZERO, this.settings.transactionSameSite());
	}

	/**
	 * Reads the transaction of one {@code state} (the callback's). Never throws on bad input.
	 * @param state the {@code state} the callback carries
	 * @param requestCookies the request's cookies by name
	 * @param now the current time
	 * @return the transaction, or none with the reason
	 */
	public CookieDecodeResult<SignInTransaction> decode(String state, Map<String, String> requestCookies,
			Instant now) {
		String name = cookieName(state);
		String value = requestCookies.get(name);
		CookieDecodeResult<SignInTransaction> result = (value == null || value.isEmpty())
				? CookieDecodeResult.failed(DecodeFailure.ABSENT) : read(name, value, bindingOf(requestCookies), now);
		if (result.isPresent() && !result.value().get().state().equals(state)) {
			result = CookieDecodeResult.failed(DecodeFailure.TAMPERED);
		}
		return record(result);
	}

	/**
	 * Reads every transaction cookie of the request, skipping those that do not decode (list them for deletion with
	 * {@link #refusedCookieNames}).
	 * @param requestCookies the request's cookies by name
	 * @param now the current time
	 * @return the valid transactions
	 */
	public List<SignInTransaction> decodeAll(Map<String, String> requestCookies, Instant now) {
		List<SignInTransaction> txs = List.of();
		// the binding cookie's hash only when there is a transaction to check it against: a signed-in browser
		// still carries the binding cookie with every request for a while, and SHA-256 on each was a hot spot
		Long binding = null;
		boolean hashed = false;
		for (Map.Entry<String, String> cookie : requestCookies.entrySet()) {
			if (isTransactionCookie(cookie.getKey())) {
				if (!hashed) {
					binding = bindingOf(requestCookies);
					hashed = true;
				}
				SignInTransaction tx = record(read(cookie.getKey(), cookie.getValue(), binding, now)).value()
					.orElse(null);
				if (tx != null) {
					txs = txs.isEmpty() ? new ArrayList<>(1) : txs;
					txs.add(tx);
				}
			}
		}
		return txs;
	}

	/**
	 * @param requestCookies the request's cookies by name
	 * @param now the current time
	 * @return the names of transaction cookies that do not decode (tampered, expired...) and should be deleted
	 */
	public List<String> refusedCookieNames(Map<String, String> requestCookies, Instant now) {
		List<String> names = List.of();
		Long binding = null;
		boolean hashed = false;
		for (Map.Entry<String, String> cookie : requestCookies.entrySet()) {
			if (!isTransactionCookie(cookie.getKey())) {
				continue;
			}
			if (!hashed) {
				binding = bindingOf(requestCookies);
				hashed = true;
			}
			if (!read(cookie.getKey(), cookie.getValue(), binding, now).isPresent()) {
				names = names.isEmpty() ? new ArrayList<>(1) : names;
				names.add(cookie.getKey());
			}
		}
		return names;
	}

	private @Nullable Long bindingOf(Map<String, String> requestCookies) {
		String binding = binding(requestCookies);
		return binding == null ? null : bindingHash(binding);
	}

	private static long bindingHash(String binding) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(binding.getBytes(StandardCharsets.US_ASCII));
			return ByteBuffer.wrap(hash, 0, Long.BYTES).getLong();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
		}
	}

	/**
	 * @param binding the hash of the request's binding cookie, or {@code null} when it carries none
	 */
	private CookieDecodeResult<SignInTransaction> read(String name, String value, @Nullable Long binding,
			Instant now) {
		try {
			CookieJwe.Opened opened = this.jwe.decrypt(name, value);
			if (opened.failure() != null) {
				return CookieDecodeResult.failed(opened.failure());
			}
			Long created = opened.claim(CREATED);
			if (created == null) {
				return CookieDecodeResult.failed(DecodeFailure.MALFORMED);
			}
			if (!now.isBefore(Instant.ofEpochSecond(created).plus(this.settings.transactionTtl()))) {
				return CookieDecodeResult.failed(DecodeFailure.EXPIRED_ABSOLUTE);
			}
			if (binding == null || !binding.equals(opened.claim(BINDING))) {
				return CookieDecodeResult.failed(DecodeFailure.UNBOUND);
			}
			SignInTransaction tx = SessionJson.readTransaction(PayloadCompression.unpack(opened.payload()));
			if (!name.equals(cookieName(tx.state()))) {
				return CookieDecodeResult.failed(DecodeFailure.TAMPERED);
			}
			return CookieDecodeResult.of(tx, Instant.ofEpochSecond(created));
		}
		catch (MalformedPayloadException | RuntimeException ex) {
			return CookieDecodeResult.failed(DecodeFailure.MALFORMED);
		}
	}

	private CookieDecodeResult<SignInTransaction> record(CookieDecodeResult<SignInTransaction> result) {
		if (result.isPresent()) {
			this.metrics.recordDecoded();
		}
		else {
			DecodeFailure reason = result.failure().orElse(DecodeFailure.MALFORMED);
			this.metrics.recordFailure(reason);
			if (reason != DecodeFailure.ABSENT && logger.isDebugEnabled()) {
				logger.debug("Sign-in transaction cookie refused: {}", reason);
			}
		}
		return result;
	}
}
