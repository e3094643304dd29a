package io.github.logtoreactive.test.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.logtoreactive.test.Endpoint;

/** Per-endpoint request counters; every request counts, including those answered by an injected fault. */
final class RequestCounters {

	private final Map<Endpoint, AtomicLong> counts = new EnumMap<>(Endpoint.class);

	RequestCounters() {
		for (Endpoint endpoint : Endpoint.values()) {
			this.counts.put(endpoint, new AtomicLong());
		}
	}

	void increment(Endpoint endpoint) {
		this.counts.get(endpoint).incrementAndGet();
	}

	long get(Endpoint endpoint) {
		return this.counts.get(endpoint).get();
	}

	void reset() {
		this.counts.values().forEach((count) -> count.set(0));
	}
}
