package io.github.logtoreactive.test.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.logtoreactive.test.Endpoint;
import io.github.logtoreactive.test.Faults;

/** The thread-safe implementation of {@link Faults}, read by the request pipeline and the token signer. */
final class FaultSettings implements Faults {

	/** What to answer instead of the real response. */
	enum Spoil {
		NONE, SERVER_ERROR, MALFORMED_JSON
	}

	private static final int ALWAYS = -1;

	private final Map<Endpoint, Duration> latencies = new ConcurrentHashMap<>();
	private final Map<Endpoint, AtomicInteger> serverErrors = new ConcurrentHashMap<>();
	private final Map<Endpoint, AtomicInteger> malformedJson = new ConcurrentHashMap<>();
	private final SigningKeys keys;
	private volatile boolean wrongIdTokenIssuer;
	private volatile boolean badTokenSignature;
	private volatile boolean unknownSigningKid;
	private volatile String idTokenSubject;
	private volatile String userinfoSubject;

	FaultSettings(SigningKeys keys) {
		this.keys = keys;
	}

	@Override
	public Faults latency(Endpoint endpoint, Duration delay) {
		Objects.requireNonNull(endpoint, "endpoint");
		Objects.requireNonNull(delay, "delay");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative");
		}
		if (delay.isZero()) {
			this.latencies.remove(endpoint);
		}
		else {
			this.latencies.put(endpoint, delay);
		}
		return this;
	}

	@Override
	public Faults serverError(Endpoint endpoint) {
		this.serverErrors.put(Objects.requireNonNull(endpoint, "endpoint"), new AtomicInteger(ALWAYS));
		return this;
	}

	@Override
	public Faults serverError(Endpoint endpoint, int times) {
		this.serverErrors.put(Objects.requireNonNull(endpoint, "endpoint"), new AtomicInteger(positive(times)));
		return this;
	}

	@Override
	public Faults malformedJson(Endpoint endpoint) {
		this.malformedJson.put(Objects.requireNonNull(endpoint, "endpoint"), new AtomicInteger(ALWAYS));
		return this;
	}

	@Override
	public Faults malformedJson(Endpoint endpoint, int times) {
		this.malformedJson.put(Objects.requireNonNull(endpoint, "endpoint"), new AtomicInteger(positive(times)));
		return this;
	}

	@Override
	public Faults wrongIdTokenIssuer(boolean enabled) {
		this.wrongIdTokenIssuer = enabled;
		return this;
	}

	@Override
	public Faults badTokenSignature(boolean enabled) {
		if (enabled) {
			this.keys.prepareRogueKey();
		}
		this.badTokenSignature = enabled;
		return this;
	}

	@Override
	public Faults unknownSigningKid(boolean enabled) {
		if (enabled) {
			this.keys.prepareRogueKey();
		}
		this.unknownSigningKid = enabled;
		return this;
	}

	@Override
	public Faults idTokenSubject(String subject) {
		this.idTokenSubject = subject;
		return this;
	}

	@Override
	public Faults userinfoSubject(String subject) {
		this.userinfoSubject = subject;
		return this;
	}

	@Override
	public Faults clear() {
		this.latencies.clear();
		this.serverErrors.clear();
		this.malformedJson.clear();
		this.wrongIdTokenIssuer = false;
		this.badTokenSignature = false;
		this.unknownSigningKid = false;
		this.idTokenSubject = null;
		this.userinfoSubject = null;
		return this;
	}

	private static int positive(int times) {
		if (times < 1) {
			throw new IllegalArgumentException("times must be at least 1");
		}
		return times;
	}

	Duration latency(Endpoint endpoint) {
		return this.latencies.getOrDefault(endpoint, Duration.ZERO);
	}

	/** Decides, and counts down, whether this request of {@code endpoint} gets a spoiled answer. */
	Spoil takeSpoil(Endpoint endpoint) {
		if (take(this.serverErrors.get(endpoint))) {
			return Spoil.SERVER_ERROR;
		}
		if (take(this.malformedJson.get(endpoint))) {
			return Spoil.MALFORMED_JSON;
		}
		return Spoil.NONE;
	}

	private static boolean take(AtomicInteger remaining) {
		if (remaining == null) {
			return false;
		}
		int left = remaining.getAndUpdate((value) -> (value > 0) ? value - 1 : value);
		return left == ALWAYS || left > 0;
	}

	boolean wrongIdTokenIssuer() {
		return this.wrongIdTokenIssuer;
	}

	boolean badTokenSignature() {
		return this.badTokenSignature;
	}

	boolean unknownSigningKid() {
		return this.unknownSigningKid;
	}

	/** @return the {@code sub} to put in ID tokens instead of the user's id, or {@code null} */
	String idTokenSubject() {
		return this.idTokenSubject;
	}

	/** @return the {@code sub} to answer user info with instead of the user's id, or {@code null} */
	String userinfoSubject() {
		return this.userinfoSubject;
	}

	@Override
	public String toString() {
		return "Faults{latencies=" + this.latencies + ", serverErrors=" + this.serverErrors.keySet()
				+ ", malformedJson=" + this.malformedJson.keySet() + ", wrongIdTokenIssuer=" + this.wrongIdTokenIssuer
				+ ", badTokenSignature=" + this.badTokenSignature + ", unknownSigningKid=" + this.unknownSigningKid
				+ ", idTokenSubject=" + this.idTokenSubject + ", userinfoSubject=" + this.userinfoSubject + "}";
	}
}
