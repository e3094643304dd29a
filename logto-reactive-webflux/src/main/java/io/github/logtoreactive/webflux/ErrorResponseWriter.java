package io.github.logtoreactive.webflux;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.LogtoHttpError;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * Writes the error responses of {@link LogtoWebFilter}'s routes, of {@link LogtoWebExceptionHandler} and of the Spring
 * Security integration ({@link LogtoSecurityResponses}), so all answer alike: an HTML page for browsers
 * ({@code Accept: text/html}), else {@code {"error": "<code>", "message": "...", "status": <status>}}; always
 * {@code Cache-Control: no-store}; a 401 also carries {@code WWW-Authenticate} naming the sign-in route (and its page
 * links to it), unless the caller gives another challenge (a bearer-token API's). A writer without a sign-in route
 * (a resource server that signs nobody in) challenges with {@code Bearer}. Every text is escaped in HTML and encoded in
 * JSON. Never blocks.
 */
final class ErrorResponseWriter {

	private final @Nullable String signInPath;

	private final Function<ServerWebExchange, String> baseUrl;

	/**
	 * @param signInPath the sign-in route, e.g. {@code /logto/sign-in}
	 * @param baseUrl the application's public base URL for an exchange (the realm of {@code WWW-Authenticate})
	 */
	ErrorResponseWriter(String signInPath, Function<ServerWebExchange, String> baseUrl) {
		this.signInPath = Objects.requireNonNull(signInPath, "signInPath");
		this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
	}

	private ErrorResponseWriter() {
		this.signInPath = null;
		this.baseUrl = exchange -> "";
	}

	/**
	 * @return a writer for an application without sign-in routes (an API that only accepts bearer tokens)
	 */
	static ErrorResponseWriter withoutSignIn() {
		return new ErrorResponseWriter();
	}

	/**
	 * @param exchange the exchange
	 * @param error the error to answer with
	 * @return completes when written; empty when the response was already committed
	 */
	Mono<Void> write(ServerWebExchange exchange, LogtoHttpError error) {
		return write(exchange, HttpStatus.valueOf(error.status()), error.code(), error.message());
	}

	/**
	 * @param exchange the exchange
	 * @param status the status
	 * @param code the error code
	 * @param message a message fit to show to anyone
	 * @return completes when written; empty when the response was already committed
	 */
	Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String code, String message) {
		String challenge = null;
		if (status == HttpStatus.UNAUTHORIZED) {
			challenge = this.signInPath == null ? "Bearer"
					: "Logto realm=\"" + this.baseUrl.apply(exchange) + "\", sign_in_uri=\"" + this.signInPath + "\"";
		}
		return write(exchange, status, code, message, challenge);
	}

	/**
	 * @param exchange the exchange
	 * @param status the status
	 * @param code the error code
	 * @param message a message fit to show to anyone
	 * @param challenge the {@code WWW-Authenticate} value (e.g. {@code Bearer error="invalid_token"}), or
	 * {@code null} for none
	 * @return completes when written; empty when the response was already committed
	 */
	Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String code, String message,
			@Nullable String challenge) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(status);
		response.getHeaders().setCacheControl("no-store");
		if (challenge != null) {
			response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
		}
		if (prefersHtml(exchange.getRequest())) {
			return write(response, MediaType.TEXT_HTML, html(exchange, status, code, message));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", code);
		body.put("message", message);
		body.put("status", status.value());
		return write(response, MediaType.APPLICATION_JSON, JSONObjectUtils.toJSONString(body));
	}

	private String html(ServerWebExchange exchange, HttpStatus status, String code, String message) {
		String signIn = status == HttpStatus.UNAUTHORIZED && this.signInPath != null
				? "<p><a id=\"logto-sign-in\" href=\"" + HtmlUtils.htmlEscape(
						exchange.getRequest().getPath().contextPath().value() + this.signInPath) + "\">Sign in</a></p>"
				: "";
		String title = status.value() + " " + HtmlUtils.htmlEscape(status.getReasonPhrase());
		return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title>"
				+ "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}"
				+ "code{background:#f3f3f3;padding:.1rem .3rem;border-radius:4px}</style></head><body>"
				+ "<h1>" + title + "</h1>"
				+ "<p id=\"logto-error-message\">" + HtmlUtils.htmlEscape(message) + "</p>"
				+ "<p>Reason: <code id=\"logto-error-code\">" + HtmlUtils.htmlEscape(code) + "</code></p>"
				+ signIn + "<p><a href=\"/\">Back to the home page</a></p></body></html>";
	}

	/**
	 * @param response the response
	 * @param type the body's media type (sent with {@code charset=UTF-8})
	 * @param body the body
	 * @return completes when written
	 */
	static Mono<Void> write(ServerHttpResponse response, MediaType type, String body) {
		response.getHeaders().setContentType(new MediaType(type.getType(), type.getSubtype(), StandardCharsets.UTF_8));
		DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * @param request the request
	 * @return whether it asks for HTML explicitly (a browser navigation), not just {@code *}{@code /*}
	 */
	static boolean prefersHtml(ServerHttpRequest request) {
		List<MediaType> accept;
		try {
			accept = request.getHeaders().getAccept();
		}
		catch (RuntimeException ex) {
			return false;
		}
		for (MediaType type : accept) {
			if (type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType()) {
				return true;
			}
		}
		return false;
	}
}
