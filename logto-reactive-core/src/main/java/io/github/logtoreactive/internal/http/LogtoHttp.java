package io.github.logtoreactive.internal.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

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
 * timeout from the configuration, the whole body read as text, failures mapped by {@link LogtoErrors#transport}.
 * Lazy (nothing is sent before subscription) and non-blocking. Logs at debug level only, never a body, token, code
 * or secret.
 * <p>
 * Public only because {@code LogtoSigningKeys}, {@code EngineComponents} and the internal discovery, jwt and token
 * packages use it.
 */
public final class LogtoHttp {

	private static final Logger log = LoggerFactory.getLogger(LogtoHttp.class);

	private final HttpClient client;

	private final Duration responseTimeout;

	private final Scheduler scheduler;

	/**
	 * @param client the client to use (its connect timeout is set from the configuration)
	 * @param config the configuration (connect and response timeouts)
	 * @param scheduler the scheduler for the response timeout
	 */
	public LogtoHttp(HttpClient client, LogtoConfig config, Scheduler scheduler) {
		this.client = Objects.requireNonNull(client, "client")
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
					config.connectTimeout().toMillis()));
		this.responseTimeout = config.responseTimeout();
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
	}

	/**
	 * @param uri the URL
	 * @param endpoint what is called, for messages and logs
	 * @return the answer, whatever its status
	 */
	public Mono<HttpResult> get(URI uri, String endpoint) {
		return get(uri, endpoint, null);
	}

	/**
	 * @param uri the URL
	 * @param endpoint what is called, for messages and logs
	 * @param authorization the {@code Authorization} header value, or {@code null}
	 * @return the answer, whatever its status
	 */
	public Mono<HttpResult> get(URI uri, String endpoint, @Nullable String authorization) {
		Mono<HttpResult> call = this.client
			.headers(h -> {
				h.set(HttpHeaderNames.ACCEPT, "application/json");
				if (authorization != null) {
					h.set(HttpHeaderNames.AUTHORIZATION, authorization);
				}
			})
			.get()
			.uri(uri)
			.responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map(text -> new HttpResult(response.status().code(), response.responseHeaders(), text)));
		return finish(call, "GET", endpoint);
	}

	/**
	 * @param uri the URL
	 * @param form the form fields, in order; each is form-url-encoded
	 * @param authorization the {@code Authorization} header value, or {@code null}
	 * @param endpoint what is called, for messages and logs
	 * @return the answer, whatever its status
	 */
	public Mono<HttpResult> postForm(URI uri, Map<String, String> form, @Nullable String authorization,
			String endpoint) {
		Mono<HttpResult> call = Mono.defer(() -> {
			String body = encodeForm(form);
			return this.client.headers(h -> {
				h.set(HttpHeaderNames.CONTENT_TYPE, "application/x-www-form-urlencoded");
				h.set(HttpHeaderNames.ACCEPT, "application/json");
				if (authorization != null) {
					h.set(HttpHeaderNames.AUTHORIZATION, authorization);
				}
			})
				.post()
				.uri(uri)
				.send(ByteBufFlux.fromString(Mono.just(body)))
				.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
					.defaultIfEmpty("")
					.map(text -> new HttpResult(response.status().code(), response.responseHeaders(), text)));
		});
		return finish(call, "POST", endpoint);
	}

	private Mono<HttpResult> finish(Mono<HttpResult> call, String method, String endpoint) {
		return call.timeout(this.responseTimeout, this.scheduler)
			.doOnNext(result -> {
				if (log.isDebugEnabled()) {
					log.debug("{} {} answered HTTP {} ({} characters)", method, endpoint, result.status(),
							result.body().length());
				}
			})
			.onErrorMap(error -> {
				if (log.isDebugEnabled()) {
					log.debug("{} {} failed: {}", method, endpoint, error.getClass().getName());
				}
				return LogtoErrors.transport(endpoint, error);
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
