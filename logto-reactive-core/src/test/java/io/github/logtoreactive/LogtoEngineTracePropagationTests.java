package io.github.logtoreactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.github.logtoreactive.support.FakeLogto;
import io.github.logtoreactive.support.TestClock;
import io.github.logtoreactive.support.TestSessionBinding;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a tracer (Brave through Micrometer Tracing, W3C propagation, as Spring Boot configures it), every request to
 * Logto carries the trace context of its own client span, a child of the application's current span.
 */
@Timeout(60)
class LogtoEngineTracePropagationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String REDIRECT = "https://app.example.com/callback";

	@StartStop
	final MockWebServer server = new MockWebServer();

	final List<MutableSpan> finished = new CopyOnWriteArrayList<>();

	FakeLogto logto;

	Tracing tracing;

	ObservationRegistry registry;

	@BeforeEach
	void setUp() {
		this.logto = new FakeLogto(this.server, TestClock.startingNow());
		ThreadLocalCurrentTraceContext current = ThreadLocalCurrentTraceContext.newBuilder().build();
		this.tracing = Tracing.newBuilder()
			.currentTraceContext(current)
			.propagationFactory(new W3CPropagation())
			.traceId128Bit(true)
			.sampler(Sampler.ALWAYS_SAMPLE)
			.addSpanHandler(new SpanHandler() {
				@Override
				public boolean end(TraceContext context, MutableSpan span, Cause cause) {
					LogtoEngineTracePropagationTests.this.finished.add(span);
					return true;
				}
			})
			.build();
		BraveTracer tracer = new BraveTracer(this.tracing.tracer(), new BraveCurrentTraceContext(current),
				new BraveBaggageManager());
		this.registry = ObservationRegistry.create();
		this.registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, new BravePropagator(this.tracing)),
					new DefaultTracingObservationHandler(tracer)));
	}

	@AfterEach
	void closeTracing() {
		this.tracing.close();
	}

	@Test
	void requestToLogtoWhenATracerIsPresentThenCarriesTraceparentOfAClientSpanInTheApplicationsTrace() {
		LogtoEngine engine = LogtoEngine.builder(this.logto.config().build()).observationRegistry(this.registry).build();
		Observation request = Observation.start("http.server.requests", this.registry);
		Span parent = request.getContext()
			.<TracingObservationHandler.TracingContext>getRequired(TracingObservationHandler.TracingContext.class)
			.getSpan();

		engine.client(new TestSessionBinding())
			.signIn(SignInOptions.builder(REDIRECT).build())
			.contextWrite(Context.of("micrometer.observation", request))
			.block(TIMEOUT);
		request.stop();

		RecordedRequest discovery = discoveryRequest();
		String traceparent = discovery.getHeaders().get("traceparent");
		assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
		String[] parts = traceparent.split("-");
		assertThat(parts[1]).as("the application's trace").isEqualTo(parent.context().traceId());
		assertThat(parts[2]).as("the client span, not the application's").isNotEqualTo(parent.context().spanId());
		assertThat(this.finished).anySatisfy(span -> {
			assertThat(span.id()).isEqualTo(parts[2]);
			assertThat(span.parentId()).isEqualTo(parent.context().spanId());
			assertThat(span.name()).isEqualTo("logto discovery");
			assertThat(span.kind()).isEqualTo(brave.Span.Kind.CLIENT);
			assertThat(span.remoteServiceName()).isEqualTo("logto");
			assertThat(span.tags()).containsEntry("endpoint", "discovery").containsEntry("outcome", "SUCCESS");
		});
	}

	@Test
	void requestToLogtoWhenNoObservationRegistryThenCarriesNoTraceContext() {
		LogtoEngine engine = LogtoEngine.builder(this.logto.config().build()).build();
		Observation request = Observation.start("http.server.requests", this.registry);

		engine.client(new TestSessionBinding())
			.signIn(SignInOptions.builder(REDIRECT).build())
			.contextWrite(Context.of("micrometer.observation", request))
			.block(TIMEOUT);
		request.stop();

		assertThat(discoveryRequest().getHeaders().get("traceparent")).isNull();
	}

	private RecordedRequest discoveryRequest() {
		try {
			RecordedRequest recorded = this.server.takeRequest();
			assertThat(recorded.getUrl().encodedPath()).isEqualTo("/oidc/.well-known/openid-configuration");
			return recorded;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
