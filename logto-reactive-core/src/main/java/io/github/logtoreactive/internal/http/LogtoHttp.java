package io.github.logtoreactive.internal.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.internal.LogtoErrors;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * The engine's HTTP calls to Logto over one Reactor Netty {@link HttpClient}: a connect timeout and a whole-response
 * timeout from the configuration, the whole body read as text, failures mapped by {@link LogtoErrors#transport}, the
 * answer interpreted by the caller's reader. Each call (request, answer and interpretation) runs under the
 * {@link HttpObserver}, which times it, records its outcome and adds the trace context to the request when a tracer
 * is present. Lazy (nothing is sent before subscription) and non-blocking. Logs at debug level only, never a body,
 * token, code or secret.
 * <p>
 * Public only because {@code LogtoSigningKeys}, {@code EngineComponents} and the internal discovery, jwt and token
 * packages use it.
 */
public final class LogtoHttp {

	private static final Logger log = LoggerFactory.getLogger(LogtoHttp.class);

	private final HttpClient client;

	private final Duration responseTimeout;

	private final Scheduler scheduler;

	private final HttpObserver observer;

	/**
	 * Calls that nobody observes.
	 * @param client the client to use (its connect timeout is set from the configuration)
	 * @param config the configuration (connect and response timeouts)
	 * @param scheduler the scheduler for the response timeout
	 */
	public LogtoHttp(HttpClient client, LogtoConfig config, Scheduler scheduler) {
		this(client, config, scheduler, HttpObserver.NONE);
	}

	/**
	 * @param client the client to use (its connect timeout is set from the configuration)
	 * @param config the configuration (connect and response timeouts)
	 * @param scheduler the scheduler for the response timeout
	 * @param observer observes every call
	 */
	public LogtoHttp(HttpClient client, LogtoConfig config, Scheduler scheduler, HttpObserver observer) {
		this.client = Objects.requireNonNull(client, "client")
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
					config.connectTimeout().toMillis()));
		this.responseTimeout = config.responseTimeout();
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
		this.observer = Objects.requireNonNull(observer, "observer");
	}

	/**
	 * @param call what is called
	 * @param uri the URL
	 * @param authorization the {@code Authorization} header value, or {@code null}
	 * @param reader interprets the answer, whatever its status; throws a {@code LogtoException} to fail the call
	 * @param <T> what the call produces
	 * @return what the reader made of the answer
	 */
	public <T> Mono<T> get(HttpCall call, URI uri, @Nullable String authorization, Function<HttpResult, T> reader) {
		return this.observer.observe(call, uri, exchange -> {
			Mono<HttpResult> sent = headers(exchange, authorization, null).get()
				.uri(uri)
				.responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
					.defaultIfEmpty("")
					.map(text -> new HttpResult(response.status().code(), response.responseHeaders(), text)));
			return finish(sent, "GET", call, exchange).map(reader);
		});
	}

	/**
	 * @param call what is called
	 * @param uri the URL
	 * @param form the form fields, in order; each is form-url-encoded
	 * @param authorization the {@code Authorization} header value, or {@code null}
	 * @param reader interprets the answer, whatever its status; throws a {@code LogtoException} to fail the call
	 * @param <T> what the call produces
	 * @return what the reader made of the answer
	 */
	public <T> Mono<T> postForm(HttpCall call, URI uri, Map<String, String> form, @Nullable String authorization,
			Function<HttpResult, T> reader) {
		return this.observer.observe(call, uri, exchange -> {
			String body = encodeForm(form);
			Mono<HttpResult> sent = headers(exchange, authorization, "application/x-www-form-urlencoded").post()
				.uri(uri)
				.send(ByteBufFlux.fromString(Mono.just(body)))
				.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
					.defaultIfEmpty("")
					.map(text -> new HttpResult(response.status().code(), response.responseHeaders(), text)));
			return finish(sent, "POST", call, exchange).map(reader);
		});
	}

	private HttpClient headers(HttpObserver.Exchange exchange, @Nullable String authorization,
			@Nullable String contentType) {
		return this.client.headers(h -> {
			if (contentType != null) {
				h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
			}
			h.set(HttpHeaderNames.ACCEPT, "application/json");
			if (authorization != null) {
				h.set(HttpHeaderNames.AUTHORIZATION, authorization);
			}
			exchange.addTraceHeaders(h);
		});
	}

	private Mono<HttpResult> finish(Mono<HttpResult> sent, String method, HttpCall call,
			HttpObserver.Exchange exchange) {
		return sent.timeout(this.responseTimeout, this.scheduler)
			.doOnNext(result -> {
				exchange.answered(result);
				if (log.isDebugEnabled()) {
					log.debug("{} {} answered HTTP {} ({} characters)", method, call.description(), result.status(),
							result.body().length());
				}
			})
			.onErrorMap(error -> {
				if (log.isDebugEnabled()) {
					log.debug("{} {} failed: {}", method, call.description(), error.getClass().getName());
				}
				return LogtoErrors.transport(call.description(), error);
			});
	}

	/**
	 * @param form the fields
	 * @return {@code application/x-www-form-urlencoded} text
	 */
	public static String encodeForm(Map<String, String> form) {
		StringBuilder sb = new StringBuilder();
		for (Map.Entry<String, String> field : form.entrySet()) {
			if (sb.length() > 0) {
				sb.append('&');
			}
			sb.append(formEncode(field.getKey())).append('=').append(formEncode(field.getValue()));
		}
		return sb.toString();
	}

	/**
	 * @param value a value
	 * @return the value form-url-encoded (UTF-8; space as {@code +})
	 */
	public static String formEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
