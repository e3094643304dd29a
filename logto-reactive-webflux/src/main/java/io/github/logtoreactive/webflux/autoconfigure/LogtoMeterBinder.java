package io.github.logtoreactive.webflux.autoconfigure;

import java.util.List;
import java.util.function.ToDoubleFunction;

import io.github.logtoreactive.EngineStatistics;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.store.DecodeFailure;
import io.github.logtoreactive.store.SessionCodecMetrics;
import io.github.logtoreactive.webflux.LogtoWebFilter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Exports logto-reactive's counters to Micrometer, named by Micrometer's convention (lower-case dotted words, the unit
 * a base unit, not part of the name): counters {@code logto.refresh.requests}, {@code logto.refresh.joins}
 * (single-flight), {@code logto.refresh.adoptions}, {@code logto.refresh.failures},
 * {@code logto.session.saves.after.commit}, {@code logto.session.cookie.writes}, {@code logto.session.cookie.written}
 * (bytes), {@code logto.session.cookie.oversized}, {@code logto.session.cookie.decode.failures} (tag {@code reason}),
 * {@code logto.callback.failures}, {@code logto.signout.refused}; gauges
 * {@code logto.session.cookie.size.max} (bytes) and {@code logto.session.cookie.chunks.max}. Reading them never
 * blocks.
 */
final class LogtoMeterBinder implements MeterBinder {

	private final LogtoEngine engine;

	private final LogtoWebFilter filter;

	private final List<SessionCodecMetrics> codecs;

	LogtoMeterBinder(LogtoEngine engine, LogtoWebFilter filter, List<SessionCodecMetrics> codecs) {
		this.engine = engine;
		this.filter = filter;
		this.codecs = codecs;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		engineCounter(registry, "logto.refresh.requests", "token requests made to refresh sessions",
				EngineStatistics::refreshes);
		engineCounter(registry, "logto.refresh.joins", "callers that joined a refresh under way",
				EngineStatistics::singleFlightJoins);
		engineCounter(registry, "logto.refresh.adoptions", "requests that adopted tokens refreshed by another request",
				EngineStatistics::adoptions);
		engineCounter(registry, "logto.refresh.failures", "refreshes that failed", EngineStatistics::refreshFailures);
		filterCounter(registry, "logto.session.saves.after.commit",
				"session changes after the response was committed, kept server-side", null,
				LogtoWebFilter.Statistics::afterCommitSaves);
		filterCounter(registry, "logto.session.cookie.writes", "session cookies written", null,
				LogtoWebFilter.Statistics::cookieWrites);
		filterCounter(registry, "logto.session.cookie.written", "session cookie values written", BaseUnits.BYTES,
				LogtoWebFilter.Statistics::cookieBytes);
		filterCounter(registry, "logto.session.cookie.oversized", "sessions too large for cookies, not written", null,
				LogtoWebFilter.Statistics::oversizedSessions);
		filterCounter(registry, "logto.callback.failures", "refused sign-in callbacks", null,
				LogtoWebFilter.Statistics::callbackFailures);
		filterCounter(registry, "logto.signout.refused", "cross-site sign-out requests refused", null,
				LogtoWebFilter.Statistics::refusedCrossSite);
		Gauge.builder("logto.session.cookie.size.max", this.filter, f -> f.statistics().maxCookieBytes())
			.description("largest session cookie written")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("logto.session.cookie.chunks.max", this.filter, f -> f.statistics().maxChunks())
			.description("most chunks a session cookie used")
			.register(registry);
		for (DecodeFailure reason : DecodeFailure.values()) {
			FunctionCounter.builder("logto.session.cookie.decode.failures", this.codecs,
					codecs -> codecs.stream().mapToLong(c -> c.failures(reason)).sum())
				.description("session cookies refused")
				.tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
				.register(registry);
		}
	}

	private void engineCounter(MeterRegistry registry, String name, String description,
			ToDoubleFunction<EngineStatistics> value) {
		FunctionCounter.builder(name, this.engine, e -> value.applyAsDouble(e.statistics()))
			.description(description)
			.register(registry);
	}

	private void filterCounter(MeterRegistry registry, String name, String description, @Nullable String baseUnit,
			ToDoubleFunction<LogtoWebFilter.Statistics> value) {
		FunctionCounter.builder(name, this.filter, f -> value.applyAsDouble(f.statistics()))
			.description(description)
			.baseUnit(baseUnit)
			.register(registry);
	}
}
