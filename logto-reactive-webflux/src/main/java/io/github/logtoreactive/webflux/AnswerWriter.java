package io.github.logtoreactive.webflux;

import io.github.logtoreactive.web.HttpAnswer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Writes the core's {@link HttpAnswer}s onto WebFlux responses, header for header. Never blocks.
 */
final class AnswerWriter {

	private AnswerWriter() {
	}

	/**
	 * @param response the response
	 * @param answer the answer
	 * @return completes when written; empty when the response was already committed
	 */
	static Mono<Void> write(ServerHttpResponse response, HttpAnswer answer) {
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
		HttpHeaders headers = response.getHeaders();
		headers.setCacheControl(HttpAnswer.CACHE_CONTROL);
		if (answer.location() != null) {
			headers.set(HttpHeaders.LOCATION, answer.location());
		}
		if (answer.wwwAuthenticate() != null) {
			headers.set(HttpHeaders.WWW_AUTHENTICATE, answer.wwwAuthenticate());
		}
		if (answer.contentType() == null) {
			return response.setComplete();
		}
		headers.set(HttpHeaders.CONTENT_TYPE, answer.contentType());
		DataBuffer body = response.bufferFactory().wrap(answer.bodyBytes());
		return response.writeWith(Mono.just(body));
	}
}
