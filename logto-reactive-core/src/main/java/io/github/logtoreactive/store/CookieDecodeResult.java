package io.github.logtoreactive.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What reading a cookie gave: a value (a session, a transaction, a session id), or "nothing" with the
 * {@link DecodeFailure reason}. Decoding never throws on bad input; a bad cookie is simply no session.
 *
 * <pre>{@code
 * CookieDecodeResult<LogtoSession> read = codec.decode(cookies, now);
 * if (read.shouldDeleteCookies()) {
 *     codec.deletionCookies(cookies.keySet()).forEach(cookie -> response.addCookie(toResponseCookie(cookie)));
 * }
 * LogtoSession session = read.value().orElse(null);
 * }</pre>
 *
 * @param <T> the decoded type
 */
public final class CookieDecodeResult<T> {

	private static final CookieDecodeResult<?> ABSENT = new CookieDecodeResult<>(null, DecodeFailure.ABSENT, null);

	private final @Nullable T value;

	private final @Nullable DecodeFailure failure;

	private final @Nullable Instant writtenAt;

	private CookieDecodeResult(@Nullable T value, @Nullable DecodeFailure failure, @Nullable Instant writtenAt) {
		this.value = value;
		this.failure = failure;
		this.writtenAt = writtenAt;
	}

	static <T> CookieDecodeResult<T> of(T value, @Nullable Instant writtenAt) {
		return new CookieDecodeResult<>(Objects.requireNonNull(value), null, writtenAt);
	}

	@SuppressWarnings("unchecked")
	static <T> CookieDecodeResult<T> failed(DecodeFailure failure) {
		return (failure == DecodeFailure.ABSENT) ? (CookieDecodeResult<T>) ABSENT
				: new CookieDecodeResult<>(null, failure, null);
	}

	/**
	 * @return the decoded value, empty when there was no valid cookie
	 */
	public Optional<T> value() {
		return Optional.ofNullable(this.value);
	}

	/**
	 * @return whether a value was decoded
	 */
	public boolean isPresent() {
		return this.value != null;
	}

	/**
	 * @return why there is no value, empty when there is one
	 */
	public Optional<DecodeFailure> failure() {
		return Optional.ofNullable(this.failure);
	}

	/**
	 * @return whether cookies were sent but refused: they should be deleted from the browser
	 */
	public boolean shouldDeleteCookies() {
		return this.failure != null && this.failure != DecodeFailure.ABSENT;
	}

	/**
	 * @return when the cookie was last written, when known
	 */
	public Optional<Instant> writtenAt() {
		return Optional.ofNullable(this.writtenAt);
	}

	@Nullable Instant writtenAtOrNull() {
		return this.writtenAt;
	}

	@Override
	public String toString() {
		return (this.value != null) ? "CookieDecodeResult{present}" : "CookieDecodeResult{" + this.failure + "}";
	}
}
