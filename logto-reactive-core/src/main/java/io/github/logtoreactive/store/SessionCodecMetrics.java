package io.github.logtoreactive.store;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one cookie codec, for export as metrics (the WebFlux module binds them to Micrometer gauges or function
 * counters): encodings, successful decodes, and refused cookies by {@link DecodeFailure reason}. {@code ABSENT} (no
 * cookie sent) is not counted. Thread-safe, lock-free, never blocks.
 */
public final class SessionCodecMetrics {

	private final AtomicLong encoded = new AtomicLong();

	private final AtomicLong decoded = new AtomicLong();

	private final Map<DecodeFailure, AtomicLong> failures = new EnumMap<>(DecodeFailure.class);

	SessionCodecMetrics() {
		for (DecodeFailure reason : DecodeFailure.values()) {
			this.failures.put(reason, new AtomicLong());
		}
	}

	void recordEncoded() {
		this.encoded.incrementAndGet();
	}

	void recordDecoded() {
		this.decoded.incrementAndGet();
	}

	void recordFailure(DecodeFailure reason) {
		if (reason != DecodeFailure.ABSENT) {
			counter(reason).incrementAndGet();
		}
	}

	/**
	 * @return how many values were encoded
	 */
	public long encoded() {
		return this.encoded.get();
	}

	/**
	 * @return how many cookies were decoded successfully
	 */
	public long decoded() {
		return this.decoded.get();
	}

	/**
	 * @param reason a failure reason
	 * @return how many cookies were refused for that reason (always 0 for {@code ABSENT})
	 */
	public long failures(DecodeFailure reason) {
		return counter(reason).get();
	}

	/**
	 * @return how many cookies were refused, all reasons together
	 */
	public long failures() {
		long total = 0;
		for (AtomicLong count : this.failures.values()) {
			total += count.get();
		}
		return total;
	}

	@Override
	public String toString() {
		return "SessionCodecMetrics{encoded=" + encoded() + ", decoded=" + decoded() + ", failures=" + this.failures
				+ "}";
	}

	private AtomicLong counter(DecodeFailure reason) {
		return Objects.requireNonNull(this.failures.get(reason), "the constructor gives every reason a counter");
	}
}
