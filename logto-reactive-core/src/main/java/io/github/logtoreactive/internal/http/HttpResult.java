package io.github.logtoreactive.internal.http;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * A complete HTTP answer from Logto: status, headers and the whole body as text. {@link #toString()} omits the body,
 * which may hold tokens.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body, empty when there was none
 * <p>
 * Public only because the internal discovery, jwt and token packages use it.
 */
public record HttpResult(int status, HttpHeaders headers, String body) {

	/**
	 * @return whether the status is 2xx
	 */
	public boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

	@Override
	public String toString() {
		return "HttpResult{status=" + this.status + ", bodyLength=" + this.body.length() + "}";
	}
}
