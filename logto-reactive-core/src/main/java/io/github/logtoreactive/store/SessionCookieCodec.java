package io.github.logtoreactive.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.SessionTooLargeException;
import io.github.logtoreactive.internal.session.CookieJwe;
import io.github.logtoreactive.internal.session.MalformedPayloadException;
import io.github.logtoreactive.internal.session.PayloadCompression;
import io.github.logtoreactive.internal.session.RecentlyDecoded;
import io.github.logtoreactive.internal.session.SessionJson;

/**
 * Encodes a {@link LogtoSession} into encrypted session cookies and back: the default session storage, no server
 * state.
 *
 * <p>
 * <b>Format.</b> The session's compact JSON (tokens, no sign-in transactions: those go in their own cookies, see
 * {@link TransactionCookieCodec}) is DEFLATE-compressed, then encrypted as a compact JWE ({@code alg=dir},
 * {@code enc=A256GCM}) with a key derived from the first of the {@link CookieSecrets}. The authenticated protected
 * header carries the key id ({@code kid}), the cookie name ({@code cn}: a value moved to another cookie is refused),
 * the session's creation time ({@code iat}) and the time of this write ({@code uat}), which enforce the absolute and
 * idle timeouts. When the whole {@code Set-Cookie} line as a server writes it ({@link SetCookie#wireLength()}:
 * attributes and the derived {@code Expires} included) would exceed 4096 bytes, the value is split over
 * {@code name}, {@code name.1}, {@code name.2}, ...; the first chunk then starts with the chunk count and {@code ~}
 * ({@code 3~eyJ...}), so a missing chunk is recognized.
 *
 * <p>
 * <b>Reading never fails.</b> A tampered, truncated, foreign-key, expired or garbage cookie decodes to "no session"
 * with a {@link DecodeFailure reason}, is counted in {@link #metrics()} and logged at debug level without its content;
 * the caller deletes it ({@link CookieDecodeResult#shouldDeleteCookies()}).
 *
 * <p>
 * Immutable and thread-safe; build one per application and share it. Pure CPU work (tens of microseconds per
 * call for a signed-in session, on par with Logto's own AES-GCM cookie; see {@code BENCHMARKS.md}), safe on
 * event-loop threads: it never blocks. Building it derives the keys and runs
 * one encode/decode round trip, so JCE providers are loaded at startup rather than on an event loop.
 *
 * <pre>{@code
 * SessionCookieCodec codec = SessionCookieCodec.create(
 *     CookieSecrets.of(appId, System.getenv("LOGTO_COOKIE_SECRET")), SessionCookieSettings.defaults());
 * }</pre>
 */
public final class SessionCookieCodec {

	private static final Logger logger = LoggerFactory.getLogger(SessionCookieCodec.class);

	private static final String CREATED = "iat";

	private static final String UPDATED = "uat";

	private static final char COUNT_SEPARATOR = '~';

	private static final int RECENT_SLOTS = 512;

	private static final int WRITTEN_SLOTS = 64;

	private static final int MAX_TOTAL_CHARS = 32 * SetCookie.MAX_LINE_BYTES;

	private final SessionCookieSettings settings;

	private final CookieJwe jwe;

	private final SessionCodecMetrics metrics = new SessionCodecMetrics();

	/**
	 * Sessions decoded from the last cookie values seen (bounded, {@value #RECENT_SLOTS} slots): a browser sends the
	 * same cookie with every request until the session changes, and decrypting, inflating and parsing it is most of a
	 * signed-in request's CPU. A hit still checks the timeouts; see {@link RecentlyDecoded}.
	 */
	private final RecentlyDecoded<Decoded> recent = new RecentlyDecoded<>(RECENT_SLOTS);

	/**
	 * The cookie each recently encoded session was written as, by the session's id ({@value #WRITTEN_SLOTS} slots, a
	 * newer session of the same slot replaces the older): when many responses write the same session in the same
	 * second (every request of a refresh storm leaves with the one refreshed session), the first encodes it and the
	 * others send the same value; see {@link #encode}.
	 */
	private final AtomicReferenceArray<@Nullable Written> written = new AtomicReferenceArray<>(WRITTEN_SLOTS);

	/** The names of the chunk cookies, {@code name}, {@code name.1}, ...: looked up on every request. */
	private final String[] chunkNames;

	/** How long after its last write an unchanged session is written again (an eighth of the idle timeout). */
	private final Duration renewAfter;

	private SessionCookieCodec(CookieSecrets secrets, SessionCookieSettings settings) {
		this.settings = settings;
		this.jwe = new CookieJwe(secrets.keyRing("session"));
		this.chunkNames = new String[settings.maxChunks()];
		for (int i = 0; i < this.chunkNames.length; i++) {
			this.chunkNames[i] = settings.chunkName(i);
		}
		this.renewAfter = settings.idleTimeout().dividedBy(8);
		selfTest();
	}

	/**
	 * @param secrets the cookie secrets
	 * @param settings the cookie settings
	 * @return the codec
	 */
	public static SessionCookieCodec create(CookieSecrets secrets, SessionCookieSettings settings) {
		return new SessionCookieCodec(Objects.requireNonNull(secrets, "secrets"),
				Objects.requireNonNull(settings, "settings"));
	}

	private void selfTest() {
		// Any instant does: the round trip checks the cipher, and no time decision is taken on it.
		Instant now = Instant.EPOCH;
		LogtoSession probe = LogtoSession.create("self-test", now);
		String value = this.jwe.encrypt(this.settings.cookieName(), Map.of(CREATED, now.getEpochSecond(), UPDATED,
				now.getEpochSecond()), PayloadCompression.pack(SessionJson.write(probe, false)));
		if (this.jwe.decrypt(this.settings.cookieName(), value).failure() != null) {
			throw new IllegalStateException("AES-GCM round trip failed in this JVM");
		}
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
	 * Encodes the session's tokens (not its sign-in transactions). A session equal to one encoded in the same second
	 * (by {@code now}) gets the same cookie value: the value holds nothing but the session and that second (its
	 * {@code uat}), so it is what a new encoding would hold, only under another random IV; it is the same
	 * authenticated ciphertext sent again, never an IV reused for another plaintext. A refresh storm so encodes its
	 * session once instead of once per response (DEFLATE and AES-GCM, 40-90 µs each).
	 * @param session the session
	 * @param now the current time (the idle timeout runs from here)
	 * @return the cookie chunks and the cookies that write them
	 * @throws SessionTooLargeException when the session needs more than {@link SessionCookieSettings#maxChunks()}
	 * cookies
	 */
	public EncodedSessionCookie encode(LogtoSession session, Instant now) {
		long second = now.getEpochSecond();
		int slot = session.id().hashCode() & (WRITTEN_SLOTS - 1);
		Written last = this.written.get(slot);
		if (last != null && last.second() == second && last.session().equals(session)) {
			this.metrics.recordEncoded();
			return last.cookie();
		}
		EncodedSessionCookie cookie = encodeNew(session, now);
		this.written.set(slot, new Written(session, second, cookie));
		return cookie;
	}

	private EncodedSessionCookie encodeNew(LogtoSession session, Instant now) {
		byte[] payload = PayloadCompression.pack(SessionJson.write(session, false));
		String value = this.jwe.encrypt(this.settings.cookieName(),
				Map.of(CREATED, session.createdAt().getEpochSecond(), UPDATED, now.getEpochSecond()), payload);
		Duration left = Duration.between(now, session.createdAt().plus(this.settings.absoluteTimeout()));
		Duration maxAge = left.compareTo(this.settings.maxAge()) < 0 ? left : this.settings.maxAge();
		if (maxAge.isNegative()) {
			maxAge = Duration.ZERO;
		}
		List<String> chunks = split(value, maxAge);
		this.metrics.recordEncoded();
		return new EncodedSessionCookie(this.settings, chunks, maxAge);
	}

	private List<String> split(String value, Duration maxAge) {
		int first = capacity(0, maxAge);
		if (value.length() <= first) {
			return List.of(value);
		}
		for (int n = 2; n <= this.settings.maxChunks(); n++) {
			int prefix = Integer.toString(n).length() + 1;
			long total = -prefix;
			for (int i = 0; i < n; i++) {
				total += capacity(i, maxAge);
			}
			if (total >= value.length() && first > prefix) {
				return cut(value, n, prefix, maxAge);
			}
		}
		// Later chunks hold no more than the first: a lower bound of the chunks the session would need.
		int needed = (first > 0) ? (value.length() + first - 1) / first : 0;
		throw new SessionTooLargeException(Math.max(needed, this.settings.maxChunks() + 1), this.settings.maxChunks());
	}

	private List<String> cut(String value, int n, int prefix, Duration maxAge) {
		List<String> chunks = new ArrayList<>(n);
		int at = 0;
		for (int i = 0; i < n; i++) {
			int room = capacity(i, maxAge) - ((i == 0) ? prefix : 0);
			int end = Math.min(value.length(), at + room);
			String part = value.substring(at, end);
			chunks.add((i == 0) ? n + String.valueOf(COUNT_SEPARATOR) + part : part);
			at = end;
		}
		return chunks;
	}

	/** How many value characters chunk {@code index} can hold with its line, as sent, within the limit. */
	private int capacity(int index, Duration maxAge) {
		return SetCookie.MAX_LINE_BYTES - this.settings.cookie(this.settings.chunkName(index), "", maxAge).wireLength();
	}

	/**
	 * Decodes the session from the request's cookies (picks {@code name}, {@code name.1}, ...). Never throws on bad
	 * input.
	 * @param requestCookies the request's cookies by name (first value of each)
	 * @param now the current time
	 * @return the session, or no session with the reason
	 */
	public CookieDecodeResult<LogtoSession> decode(Map<String, String> requestCookies, Instant now) {
		String first = requestCookies.get(this.chunkNames[0]);
		if (first != null && !first.isEmpty() && first.indexOf(COUNT_SEPARATOR) < 0) {
			// one chunk, as most sessions are: the other chunk cookies would be ignored
			return decode(Collections.singletonList(first), now);
		}
		@Nullable String[] chunks = new @Nullable String[this.chunkNames.length];
		int last = -1;
		for (int i = 0; i < chunks.length; i++) {
			chunks[i] = requestCookies.get(this.chunkNames[i]);
			if (chunks[i] != null) {
				last = i;
			}
		}
		return decode(Arrays.asList(chunks).subList(0, last + 1), now);
	}

	/**
	 * Decodes the session from chunk values in order ({@code name}, {@code name.1}, ...; {@code null} for a missing
	 * one). Extra chunks beyond the count the first declares are ignored. Never throws on bad input.
	 * @param chunks the chunk values
	 * @param now the current time
	 * @return the session, or no session with the reason
	 */
	public CookieDecodeResult<LogtoSession> decode(List<@Nullable String> chunks, Instant now) {
		CookieDecodeResult<LogtoSession> result;
		try {
			result = read(chunks, now);
		}
		catch (RuntimeException ex) {
			result = CookieDecodeResult.failed(DecodeFailure.MALFORMED);
		}
		record(result);
		return result;
	}

	private CookieDecodeResult<LogtoSession> read(List<@Nullable String> chunks, Instant now) {
		String first = chunks.isEmpty() ? null : chunks.get(0);
		if (first == null || first.isEmpty()) {
			boolean any = chunks.stream().anyMatch((c) -> c != null && !c.isEmpty());
			return CookieDecodeResult.failed(any ? DecodeFailure.TRUNCATED : DecodeFailure.ABSENT);
		}
		String value = first;
		int separator = first.indexOf(COUNT_SEPARATOR);
		if (separator >= 0) {
			int count = parseCount(first, separator);
			if (count < 2) {
				return CookieDecodeResult.failed(DecodeFailure.MALFORMED);
			}
			value = join(first.substring(separator + 1), chunks, count);
			if (value == null) {
				return CookieDecodeResult.failed(DecodeFailure.TRUNCATED);
			}
		}
		if (value.length() > MAX_TOTAL_CHARS) {
			return CookieDecodeResult.failed(DecodeFailure.MALFORMED);
		}
		Decoded seen = this.recent.get(value);
		if (seen != null) {
			// the same authenticated bytes as an earlier request: only the time-dependent checks are left
			DecodeFailure expired = expiry(seen.absoluteEnd(), seen.idleEnd(), now);
			return (expired != null) ? CookieDecodeResult.failed(expired) : seen.result();
		}
		CookieJwe.Opened opened = this.jwe.decrypt(this.settings.cookieName(), value);
		if (opened.failure() != null) {
			return CookieDecodeResult.failed(opened.failure());
		}
		Long created = opened.claim(CREATED);
		Long updated = opened.claim(UPDATED);
		if (created == null || updated == null) {
			return CookieDecodeResult.failed(DecodeFailure.MALFORMED);
		}
		Instant absoluteEnd = Instant.ofEpochSecond(created).plus(this.settings.absoluteTimeout());
		Instant idleEnd = Instant.ofEpochSecond(updated).plus(this.settings.idleTimeout());
		DecodeFailure expired = expiry(absoluteEnd, idleEnd, now);
		if (expired != null) {
			return CookieDecodeResult.failed(expired);
		}
		LogtoSession session;
		try {
			session = SessionJson.read(PayloadCompression.unpack(opened.payload()));
		}
		catch (MalformedPayloadException ex) {
			return CookieDecodeResult.failed(DecodeFailure.MALFORMED);
		}
		CookieDecodeResult<LogtoSession> result = CookieDecodeResult.of(session, Instant.ofEpochSecond(updated));
		this.recent.put(value, new Decoded(absoluteEnd, idleEnd, result));
		return result;
	}

	private static @Nullable DecodeFailure expiry(Instant absoluteEnd, Instant idleEnd, Instant now) {
		if (!now.isBefore(absoluteEnd)) {
			return DecodeFailure.EXPIRED_ABSOLUTE;
		}
		if (!now.isBefore(idleEnd)) {
			return DecodeFailure.EXPIRED_IDLE;
		}
		return null;
	}

	/** A session as written into a cookie during one second ({@code uat}); all three immutable. */
	private record Written(LogtoSession session, long second, EncodedSessionCookie cookie) {
	}

	/**
	 * A cookie value that decrypted and parsed, with the ends of its absolute and idle timeouts (from the times its
	 * header carried, computed once: a hit only compares them with the time of the request); all immutable.
	 */
	private record Decoded(Instant absoluteEnd, Instant idleEnd, CookieDecodeResult<LogtoSession> result) {
	}

	/**
	 * @return the concatenated chunks, or null when one of the declared chunks is missing
	 */
	private static @Nullable String join(String firstPart, List<@Nullable String> chunks, int count) {
		StringBuilder sb = new StringBuilder(count * SetCookie.MAX_LINE_BYTES);
		sb.append(firstPart);
		for (int i = 1; i < count; i++) {
			String chunk = (i < chunks.size()) ? chunks.get(i) : null;
			if (chunk == null || chunk.isEmpty()) {
				return null;
			}
			sb.append(chunk);
		}
		return sb.toString();
	}

	private static int parseCount(String first, int separator) {
		if (separator < 1 || separator > 2) {
			return -1;
		}
		int count = 0;
		for (int i = 0; i < separator; i++) {
			int digit = Character.digit(first.charAt(i), 10);
			if (digit < 0) {
				return -1;
			}
			count = count * 10 + digit;
		}
		return (count > 32) ? -1 : count;
	}

	/**
	 * Whether an unchanged session should be written again so that its idle timeout slides: true once an eighth of
	 * the idle timeout has passed since the last write (about 42 hours with the 14-day default).
	 * @param result a successful decode
	 * @param now the current time
	 * @return whether to re-encode the session
	 */
	public boolean shouldRenew(CookieDecodeResult<LogtoSession> result, Instant now) {
		Instant writtenAt = result.writtenAtOrNull();
		return writtenAt != null && !now.isBefore(writtenAt.plus(this.renewAfter));
	}

	/**
	 * @param requestCookieNames the names of the cookies the request carried
	 * @return cookies deleting every session chunk among them (sign-out, refused cookie)
	 */
	public List<SetCookie> deletionCookies(Collection<String> requestCookieNames) {
		List<SetCookie> cookies = new ArrayList<>(2);
		for (String name : requestCookieNames) {
			if (chunkIndex(this.settings, name) >= 0) {
				cookies.add(this.settings.deletion(name));
			}
		}
		return cookies;
	}

	/**
	 * @return the chunk index of a cookie name: 0 for the session cookie, n for {@code name.n}, -1 for other cookies
	 */
	static int chunkIndex(SessionCookieSettings settings, String cookieName) {
		String base = settings.cookieName();
		if (!cookieName.startsWith(base)) {
			return -1;
		}
		if (cookieName.length() == base.length()) {
			return 0;
		}
		if (cookieName.charAt(base.length()) != '.' || cookieName.length() > base.length() + 3) {
			return -1;
		}
		int index = 0;
		for (int i = base.length() + 1; i < cookieName.length(); i++) {
			int digit = Character.digit(cookieName.charAt(i), 10);
			if (digit < 0) {
				return -1;
			}
			index = index * 10 + digit;
		}
		return (index >= 1) ? index : -1;
	}

	private void record(CookieDecodeResult<LogtoSession> result) {
		if (result.isPresent()) {
			this.metrics.recordDecoded();
			return;
		}
		DecodeFailure reason = result.failure().orElse(DecodeFailure.MALFORMED);
		this.metrics.recordFailure(reason);
		if (reason != DecodeFailure.ABSENT && logger.isDebugEnabled()) {
			logger.debug("Session cookie '{}' refused: {}", this.settings.cookieName(), reason);
		}
	}
}
