package io.github.logtoreactive.internal.observation;

import java.net.URI;

import io.github.logtoreactive.internal.http.HttpCall;
import io.github.logtoreactive.internal.http.HttpObserver;
import io.github.logtoreactive.internal.http.HttpResult;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.RequestReplySenderContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The observation context of one call to Logto: what is called, Logto's answer and whether the caller cancelled. Its
 * carrier collects the trace context a propagating tracing handler writes when the observation starts; the request
 * then carries those headers ({@link #addTraceHeaders}).
 */
public final class LogtoHttpObservationContext extends RequestReplySenderContext<HttpHeaders, HttpResult>
		implements HttpObserver.Exchange {

	private final HttpCall call;

	private final URI uri;

	private volatile boolean cancelled;

	/**
	 * @param call what is called
	 * @param uri where
	 */
	public LogtoHttpObservationContext(HttpCall call, URI uri) {
		super((carrier, name, value) -> {
			if (carrier != null) {
				carrier.set(name, value);
			}
		}, Kind.CLIENT);
		this.call = call;
		this.uri = uri;
		setCarrier(new DefaultHttpHeaders());
		setRemoteServiceName("logto");
		setRemoteServiceAddress(uri.getScheme() + "://" + uri.getAuthority());
	}

	/**
	 * @return what is called
	 */
	public HttpCall call() {
		return this.call;
	}

	/**
	 * @return where, without query or fragment
	 */
	public String url() {
		return this.uri.getScheme() + "://" + this.uri.getAuthority() + (this.uri.getRawPath() == null ? ""
				: this.uri.getRawPath());
	}

	/**
	 * @return whether the caller cancelled before the call ended
	 */
	public boolean isCancelled() {
		return this.cancelled;
	}

	void cancel() {
		this.cancelled = true;
	}

	@Override
	public void addTraceHeaders(HttpHeaders headers) {
		HttpHeaders carrier = getCarrier();
		if (carrier != null) {
			headers.add(carrier);
		}
	}

	@Override
	public void answered(HttpResult result) {
		setResponse(result);
	}

	/**
	 * @return Logto's answer, or {@code null} when none came (timeout, connection failure, cancellation)
	 */
	public @Nullable HttpResult answer() {
		return getResponse();
	}
}
